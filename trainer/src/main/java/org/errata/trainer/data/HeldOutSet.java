package org.errata.trainer.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The held-out problems: the first {@code size} distinct problems drawn with a fixed seed of
 * their own. Training streams exclude their expressions, so the model never sees them.
 */
public final class HeldOutSet {

    public static final long SEED = 20250601L;
    public static final int SIZE = 500;

    private HeldOutSet() {}

    public static List<ArithmeticProblem> problems() {
        return problems(SEED, SIZE);
    }

    public static List<ArithmeticProblem> problems(long seed, int size) {
        ProblemGenerator g = new ProblemGenerator(seed);
        Set<String> seen = new LinkedHashSet<>();
        List<ArithmeticProblem> out = new ArrayList<>();
        while (out.size() < size) {
            ArithmeticProblem p = g.next();
            if (seen.add(p.expression())) {
                out.add(p);
            }
        }
        return List.copyOf(out);
    }

    public static Set<String> expressions() {
        Set<String> s = new LinkedHashSet<>();
        for (ArithmeticProblem p : problems()) {
            s.add(p.expression());
        }
        return Set.copyOf(s);
    }
}
