package org.errata.correction.grading;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Symbolic equality without a computer-algebra system: answers are parsed into expression
 * trees; variable-free rational expressions are compared exactly, others by evaluation (constant
 * expressions at double precision, expressions in variables at seeded random points, where two
 * different elementary expressions agree only by coincidence). The relative tolerance, 1e-9,
 * only absorbs rounding. Work is bounded by construction (answers up to 2,000 characters,
 * rationals up to 4,096 bits, a fixed number of points), so no comparison can hang.
 */
public final class SymbolicChecker implements AnswerChecker {

    public static final String ID = "symbolic";

    private static final double TOLERANCE = 1e-9;
    private static final int POINTS = 8;
    private static final int NEEDED = 3;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean equivalent(String gold, String predicted) {
        java.util.Optional<AnswerValue.ParsedPair> pair = AnswerValue.parsePair(gold, predicted);
        if (pair.isEmpty()) return false; // unreadable answers are not symbolically equal to anything
        AnswerValue.Parsed g = pair.get().gold();
        AnswerValue.Parsed p = pair.get().predicted();
        return AnswerValue.matches(g.value(), p.value(), (a, b) -> same(a.expr(), b.expr()));
    }

    static boolean same(MathExpr a, MathExpr b) {
        Rational ra = exact(a);
        Rational rb = exact(b);
        if (ra != null && rb != null) return ra.equals(rb);
        Set<String> vars = new TreeSet<>(a.variables());
        vars.addAll(b.variables());
        if (vars.isEmpty()) {
            double x = ra != null ? ra.toDouble() : a.eval(Map.of());
            double y = rb != null ? rb.toDouble() : b.eval(Map.of());
            // Past a double's range only a written infinity is infinite (10^{400} is a number), and a
            // non-zero exact value that reads as 0 has underflowed: neither compares by value.
            if ((Double.isInfinite(x) || Double.isInfinite(y))) {
                return NumericChecker.infinity(a) && NumericChecker.infinity(b) && x == y;
            }
            if (ra != null && x == 0 && ra.num().signum() != 0 || rb != null && y == 0 && rb.num().signum() != 0) return false;
            return close(x, y);
        }
        SplittableRandom random = new SplittableRandom(0x5eed_1234L);
        int agreeing = 0;
        for (int i = 0; i < POINTS; i++) {
            Map<String, Double> at = new HashMap<>();
            for (String v : vars) at.put(v, 0.3 + 2.4 * random.nextDouble());
            double x = a.eval(at);
            double y = b.eval(at);
            if (Double.isNaN(x) && Double.isNaN(y)) continue;
            if (!close(x, y)) return false;
            agreeing++;
        }
        return agreeing >= NEEDED;
    }

    private static @org.jspecify.annotations.Nullable Rational exact(MathExpr e) {
        try {
            return e.exact();
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }

    private static boolean close(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) return false;
        if (x == y) return true;
        if (Double.isInfinite(x) || Double.isInfinite(y)) return false;
        return Math.abs(x - y) <= TOLERANCE * Math.max(1e-3, Math.max(Math.abs(x), Math.abs(y)));
    }
}
