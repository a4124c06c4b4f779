package org.errata.correction.grading;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Integers compare exactly, values past a double's range are never "equal", the tolerance is a knob. */
class GradingPolicyTest {
    private final Grader grader = Grader.standard();

    @Test
    void integersCompareExactly() {
        assertThat(grader.equivalent("120000", "120,006")).isFalse();
        assertThat(grader.equivalent("120000", "120,000")).isTrue();
        assertThat(grader.equivalent("12", "12.001")).isFalse();
        assertThat(grader.equivalent("1000000", "1000000.4")).isFalse();
        assertThat(grader.equivalent("12", "12.0")).isTrue();
        assertThat(grader.equivalent("18", "\\frac{36}{2}")).isTrue();
        assertThat(new NumericChecker().equivalent("123456789", "123456790")).isFalse();
    }

    @Test
    void nonIntegersKeepTheRelativeToleranceWhichIsAKnob() {
        assertThat(new NumericChecker().equivalent("0.33333", "\\frac{1}{3}")).isTrue();
        assertThat(new NumericChecker().equivalent("3.14159", "\\pi")).isTrue();
        assertThat(new NumericChecker(GradingPolicy.standard().withRelativeTolerance(0)).equivalent("0.33333", "\\frac{1}{3}")).isFalse();
        assertThat(new NumericChecker(new GradingPolicy(1e-9)).equivalent("3.14159", "\\pi")).isFalse();
        Grader exact = Grader.standard().withPolicy(new GradingPolicy(0));
        assertThat(exact.policy().relativeTolerance()).isZero();
        assertThat(exact.grade("0.3333", "\\frac{1}{3}").byChecker()).containsEntry(NumericChecker.ID, false);
        assertThat(Grader.standard().grade("0.33333", "\\frac{1}{3}").byChecker()).containsEntry(NumericChecker.ID, true);
    }

    @Test
    void valuesPastADoublesRangeAreNeverEqualUnlessExactlySo() {
        assertThat(grader.equivalent("\\infty", "10^{400}")).isFalse();
        assertThat(grader.equivalent("0", "10^{-400}")).isFalse();
        assertThat(grader.equivalent("10^{10^{10}}", "2^{2^{100}}")).isFalse();
        assertThat(grader.equivalent("10^{400}", "10^{400}")).isTrue();
        assertThat(grader.equivalent("10^{400}", "10^{400}+1")).isFalse();
        assertThat(grader.equivalent("\\infty", "\\infty")).isTrue();
        assertThat(grader.equivalent("-\\infty", "\\infty")).isFalse();
    }

    @Test
    void thePolicyDescribesItselfForTheRunRecord() {
        assertThat(GradingPolicy.standard().describe()).containsEntry("integers", "exact")
                .containsEntry("relative_tolerance", 1e-4);
        assertThat(GradingPolicy.standard().describe()).containsEntry("cas", "on_doubt");
        assertThat(GradingPolicy.standard().grader()).isSameAs(Grader.standard());
    }

    @Test
    void theCasEscalationIsPartOfThePolicyAndReachesTheGrader() {
        GradingPolicy never = GradingPolicy.standard().withCas(Grader.Escalation.NEVER);
        assertThat(never.grader().escalation()).isEqualTo(Grader.Escalation.NEVER);
        assertThat(never.grader().policy().relativeTolerance()).isEqualTo(GradingPolicy.DEFAULT_RELATIVE_TOLERANCE);
        assertThat(never.describe()).containsEntry("cas", "never");
        GradingPolicy both = new GradingPolicy(0, Grader.Escalation.ALWAYS);
        assertThat(both.grader().escalation()).isEqualTo(Grader.Escalation.ALWAYS);
        assertThat(both.grader().policy()).isEqualTo(both);
        assertThat(both.grader().grade("0.3333", "\\frac{1}{3}").byChecker()).containsEntry(NumericChecker.ID, false)
                .containsKey("cas");
        assertThat(new GradingPolicy(0.01)).isEqualTo(new GradingPolicy(0.01, Grader.Escalation.ON_DOUBT));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GradingPolicy(0.9))
                .hasMessageContaining("relative tolerance must be in [0, 0.5]");
    }
}
