package org.errata.correction.grading;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How final answers are compared, recorded with every run that grades. Fixed rules: integers
 * compare exactly ({@code 120,006} is not {@code 120000}, {@code 1000000.4} is not
 * {@code 1000000}); a value too large or too small for a double ({@code 10^{400}},
 * {@code 2^{2^{100}}}, {@code 10^{-400}}) is never equal to anything it is not exactly equal to,
 * and only a written {@code \infty} equals {@code \infty}. The knob: {@code relativeTolerance}
 * applies to non-integer values only ({@code isclose}-style, as Qwen2.5-Math's
 * {@code math_equal}); 0 makes every comparison exact.
 */
public record GradingPolicy(double relativeTolerance) {

    /** Qwen2.5-Math's {@code rel_tol}. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-4;

    private static final GradingPolicy STANDARD = new GradingPolicy(DEFAULT_RELATIVE_TOLERANCE);

    public GradingPolicy {
        if (!(relativeTolerance >= 0 && relativeTolerance < 1)) {
            throw new IllegalArgumentException("relative tolerance must be in [0, 1): " + relativeTolerance);
        }
    }

    public static GradingPolicy standard() {
        return STANDARD;
    }

    public GradingPolicy withRelativeTolerance(double tolerance) {
        return new GradingPolicy(tolerance);
    }

    /** The policy as it is recorded in a run's parameters (stable key order). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("integers", "exact");
        m.put("relative_tolerance", relativeTolerance);
        m.put("out_of_double_range", "equal only when exactly equal");
        return m;
    }

    /** The standard checkers under this policy. */
    public Grader grader() {
        return equals(STANDARD) ? Grader.standard() : Grader.standard().withPolicy(this);
    }
}
