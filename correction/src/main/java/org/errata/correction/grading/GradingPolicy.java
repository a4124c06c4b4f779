package org.errata.correction.grading;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How final answers are compared: the one home of grading settings, a recipe's {@code grading}
 * section ({@code grading.relative_tolerance}, {@code grading.cas}) and recorded with every run
 * that grades, imported ones included. Fixed rules: integers compare exactly ({@code 120,006} is
 * not {@code 120000}, {@code 1000000.4} is not {@code 1000000}); a value too large or too small
 * for a double ({@code 10^{400}}, {@code 2^{2^{100}}}, {@code 10^{-400}}) is never equal to
 * anything it is not exactly equal to, and only a written {@code \infty} equals {@code \infty}.
 * The knobs: {@code relativeTolerance} applies to non-integer values only ({@code isclose}-style,
 * as Qwen2.5-Math's {@code math_equal}); 0 makes every comparison exact. {@code cas}: when the
 * computer-algebra checker is consulted ({@link Grader.Escalation}).
 */
public record GradingPolicy(double relativeTolerance, Grader.Escalation cas) {

    /** Qwen2.5-Math's {@code rel_tol}. */
    public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-4;
    /** The largest relative tolerance a policy accepts (a recipe's knob range). */
    public static final double MAX_RELATIVE_TOLERANCE = 0.5;

    private static final GradingPolicy STANDARD = new GradingPolicy(DEFAULT_RELATIVE_TOLERANCE, Grader.Escalation.ON_DOUBT);

    public GradingPolicy {
        if (!(relativeTolerance >= 0 && relativeTolerance <= MAX_RELATIVE_TOLERANCE)) {
            throw new IllegalArgumentException("relative tolerance must be in [0, " + MAX_RELATIVE_TOLERANCE + "]: "
                    + relativeTolerance);
        }
        Objects.requireNonNull(cas, "cas");
    }

    /** This tolerance with the CAS consulted on doubt, as runs do by default. */
    public GradingPolicy(double relativeTolerance) {
        this(relativeTolerance, Grader.Escalation.ON_DOUBT);
    }

    public static GradingPolicy standard() {
        return STANDARD;
    }

    public GradingPolicy withRelativeTolerance(double tolerance) {
        return new GradingPolicy(tolerance, cas);
    }

    public GradingPolicy withCas(Grader.Escalation when) {
        return new GradingPolicy(relativeTolerance, when);
    }

    /** The policy as it is recorded in a run's parameters (stable key order). */
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("integers", "exact");
        m.put("relative_tolerance", relativeTolerance);
        m.put("out_of_double_range", "equal only when exactly equal");
        m.put("cas", cas.name().toLowerCase(Locale.ROOT));
        return m;
    }

    /** The standard checkers under this policy. */
    public Grader grader() {
        if (equals(STANDARD)) return Grader.standard();
        Grader g = relativeTolerance == DEFAULT_RELATIVE_TOLERANCE ? Grader.standard() : Grader.standard().withPolicy(this);
        return g.withEscalation(cas);
    }
}
