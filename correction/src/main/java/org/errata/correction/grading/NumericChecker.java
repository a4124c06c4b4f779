package org.errata.correction.grading;

/**
 * Qwen2.5-Math {@code math_equal}-style numeric comparison under a {@link GradingPolicy}: both
 * answers evaluate to numbers that are equal (exactly, when either is an integer) or agree within
 * the policy's relative tolerance (Python's {@code isclose} rule, non-integers only); tuples,
 * intervals (bracket types must agree), sets and matrices element-wise; {@code x = 3} against
 * {@code 3}. Exact values are compared as rationals, so {@code 10^{400}} is not {@code \infty}
 * and {@code 10^{-400}} is not {@code 0}; a value that overflows or underflows a double when
 * evaluated is equal to nothing. Percentage variants (gold, gold/100, gold·100) are tried when
 * either answer carries a percent sign, so that {@code 50\%} equals {@code 0.5} but a bare
 * {@code 50} does not.
 */
public final class NumericChecker implements AnswerChecker {

    public static final String ID = "numeric";

    /** Rounding only: how far an inexactly evaluated value may sit from an integer it equals. */
    private static final double ROUNDING = 1e-12;
    private static final Rational HUNDRED = Rational.of(100);

    private final GradingPolicy policy;
    private final java.math.BigDecimal tolerance;

    public NumericChecker() {
        this(GradingPolicy.standard());
    }

    public NumericChecker(double relTol) {
        this(new GradingPolicy(relTol));
    }

    public NumericChecker(GradingPolicy policy) {
        this.policy = policy;
        this.tolerance = new java.math.BigDecimal(policy.relativeTolerance());
    }

    public GradingPolicy policy() {
        return policy;
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
        return AnswerValue.matches(g.value(), p.value(), (a, b) -> {
            try {
                return scalarsEqual(a, b, percent);
            } catch (ArithmeticException tooLarge) {
                return false; // a percent variant past the rational bound: not shown equal
            }
        });
    }

    private boolean scalarsEqual(AnswerValue.Scalar gold, AnswerValue.Scalar pred, boolean percent) {
        if (!gold.expr().variables().isEmpty() || !pred.expr().variables().isEmpty()) return false;
        Rational g = exact(gold.expr());
        Rational p = exact(pred.expr());
        if (g != null && p != null) {
            if (close(g, p)) return true;
            return percent && (close(g.divide(HUNDRED), p) || close(g.multiply(HUNDRED), p));
        }
        double gd = value(gold.expr(), g);
        double pd = value(pred.expr(), p);
        if (Double.isInfinite(gd) || Double.isInfinite(pd)) {
            // Only a written infinity equals infinity: 10^{10^{10}} overflowing a double is a number.
            return infinity(gold.expr()) && infinity(pred.expr()) && gd == pd;
        }
        if (outOfRange(gd, g) || outOfRange(pd, p)) return false;
        boolean integer = g != null && g.isInteger() || p != null && p.isInteger();
        if (isClose(gd, pd, integer)) return true;
        return percent && (isClose(gd / 100, pd, false) || isClose(gd * 100, pd, false));
    }

    private static @org.jspecify.annotations.Nullable Rational exact(MathExpr e) {
        try {
            return e.exact();
        } catch (ArithmeticException tooLarge) {
            return null;
        }
    }

    /** Exact values: equal, or (neither an integer) within the relative tolerance, computed exactly. */
    private boolean close(Rational a, Rational b) {
        if (a.equals(b)) return true;
        if (a.isInteger() || b.isInteger() || policy.relativeTolerance() == 0) return false;
        java.math.BigDecimal x = decimal(a);
        java.math.BigDecimal y = decimal(b);
        java.math.BigDecimal diff = x.subtract(y).abs();
        return diff.compareTo(tolerance.multiply(x.abs().max(y.abs()))) <= 0;
    }

    private static java.math.BigDecimal decimal(Rational r) {
        return new java.math.BigDecimal(r.num()).divide(new java.math.BigDecimal(r.den()), java.math.MathContext.DECIMAL128);
    }

    private static double value(MathExpr e, @org.jspecify.annotations.Nullable Rational exact) {
        return exact != null ? exact.toDouble() : e.eval(java.util.Map.of());
    }

    /** A non-zero exact value that a double cannot hold, or an evaluated value in the subnormal range. */
    private static boolean outOfRange(double d, @org.jspecify.annotations.Nullable Rational exact) {
        if (exact != null) return d == 0 && exact.num().signum() != 0;
        return d != 0 && Math.abs(d) < Double.MIN_NORMAL;
    }

    /** {@code \infty} or {@code -\infty} as written. */
    static boolean infinity(MathExpr e) {
        return switch (e) {
            case MathExpr.Const c -> Double.isInfinite(c.value());
            case MathExpr.Neg n -> infinity(n.operand());
            default -> false;
        };
    }

    boolean isClose(double a, double b) {
        return isClose(a, b, false);
    }

    private boolean isClose(double a, double b, boolean integer) {
        if (Double.isNaN(a) || Double.isNaN(b)) return false;
        if (a == b) return true;
        if (Double.isInfinite(a) || Double.isInfinite(b)) return false;
        double tol = integer ? ROUNDING : policy.relativeTolerance();
        return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));
    }
}
