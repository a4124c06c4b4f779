package org.errata.correction.grading;

/**
 * Qwen2.5-Math {@code math_equal}-style numeric comparison: both answers evaluate to numbers
 * that agree within a relative tolerance (default 1e-4, Python's {@code isclose} rule); tuples,
 * intervals (bracket types must agree), sets and matrices element-wise; {@code x = 3} against
 * {@code 3}. Percentage variants (gold, gold/100, gold·100) are tried when either answer carries
 * a percent sign, so that {@code 50\%} equals {@code 0.5} but a bare {@code 50} does not.
 */
public final class NumericChecker implements AnswerChecker {

    public static final String ID = "numeric";

    private final double relTol;

    public NumericChecker() {
        this(1e-4);
    }

    public NumericChecker(double relTol) {
        if (!(relTol >= 0 && relTol < 1)) throw new IllegalArgumentException("rel_tol " + relTol);
        this.relTol = relTol;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean equivalent(String gold, String predicted) {
        java.util.Optional<AnswerValue.ParsedPair> pair = AnswerValue.parsePair(gold, predicted);
        if (pair.isEmpty()) return false; // an answer we cannot read is not numerically equal to anything
        AnswerValue.Parsed g = pair.get().gold();
        AnswerValue.Parsed p = pair.get().predicted();
        boolean percent = g.percent() || p.percent();
        return AnswerValue.matches(g.value(), p.value(), (a, b) -> scalarsEqual(a, b, percent));
    }

    private boolean scalarsEqual(AnswerValue.Scalar gold, AnswerValue.Scalar pred, boolean percent) {
        if (!gold.expr().variables().isEmpty() || !pred.expr().variables().isEmpty()) return false;
        double g = value(gold.expr());
        double p = value(pred.expr());
        if (isClose(g, p)) return true;
        return percent && (isClose(g / 100, p) || isClose(g * 100, p));
    }

    private static double value(MathExpr e) {
        Rational r = e.exact();
        return r != null ? r.toDouble() : e.eval(java.util.Map.of());
    }

    boolean isClose(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) return false;
        if (a == b) return true;
        if (Double.isInfinite(a) || Double.isInfinite(b)) return false;
        return Math.abs(a - b) <= relTol * Math.max(Math.abs(a), Math.abs(b));
    }
}
