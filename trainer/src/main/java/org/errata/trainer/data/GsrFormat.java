package org.errata.trainer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * GSR (recipe {@code gsr}, N candidates from its {@code samples} knob): N solutions for the solve
 * prompt, each slipping on its own; for the refine prompt over all of them, one solution written
 * the careful way, each step's paragraph its column form, which fixes whatever slips the
 * candidates (even a majority of them) made.
 */
public final class GsrFormat {

    public static final String RECIPE = "gsr";

    private GsrFormat() {}

    public static List<String> answers(ArithmeticProblem problem, Slips slips, int candidates) {
        List<List<ArithStep>> written = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            written.add(slips.first(problem));
        }
        return script(problem, written);
    }

    /** The candidates as written, then the refined solution. */
    public static List<String> script(ArithmeticProblem problem, List<List<ArithStep>> candidates) {
        List<String> out = new ArrayList<>();
        for (List<ArithStep> c : candidates) {
            out.add(ChatSolution.of(c));
        }
        out.add(ChatSolution.careful(problem.steps()));
        return out;
    }
}
