package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DraftPlannerTest {

    /** Step costs like the demo model's at batch 1: 1 ms plus 0.1 ms per further token. */
    private static DraftPlanner measured() {
        DraftPlanner p = new DraftPlanner();
        for (int t = 1; t <= 33; t++) {
            p.record(1, t, 1_000_000L + 100_000L * (t - 1));
        }
        return p;
    }

    @Test
    void goodDraftsAreCheckedWholeAndHopelessOnesNot() {
        DraftPlanner p = measured();
        assertThat(p.width(new int[] {16}, new double[] {0.95})).isBetween(12, 17);
        assertThat(p.width(new int[] {16}, new double[] {0.05})).isEqualTo(1);
        assertThat(p.width(new int[0], new double[0])).isEqualTo(1);
    }

    @Test
    void aWideBatchChecksDraftsOnlyWhenTheyPay() {
        DraftPlanner p = new DraftPlanner();
        // 32 rows: a step of t tokens per row costs about t one-token steps
        for (int t = 1; t <= 4; t++) {
            p.record(32, t, 10_000_000L * t);
        }
        int[] lengths = new int[32];
        double[] acceptance = new double[32];
        java.util.Arrays.fill(lengths, 3);
        java.util.Arrays.fill(acceptance, 0.9);
        assertThat(p.width(lengths, acceptance)).isEqualTo(1);
        p.record(32, 4, 12_000_000L); // cheaper than that: now checking pays
        for (int i = 0; i < 20; i++) {
            p.record(32, 4, 12_000_000L);
        }
        assertThat(p.width(lengths, acceptance)).isEqualTo(4);
    }

    @Test
    void oneSlowMeasurementFadesSoDraftsAreTriedAgain() {
        DraftPlanner p = measured();
        p.record(1, 9, 400_000_000L); // a pause
        assertThat(p.width(new int[] {8}, new double[] {0.9})).isLessThan(9);
        int steps = 0;
        while (p.width(new int[] {8}, new double[] {0.9}) < 9 && steps < 2000) {
            steps++;
        }
        assertThat(steps).isBetween(1, 1999);
    }

    @Test
    void acceptanceIsLearntPerMatchLengthAndDriftsBackToTheHalfPrior() {
        DraftPlanner p = new DraftPlanner();
        assertThat(p.acceptance(3)).isEqualTo(0.5);
        for (int i = 0; i < 20; i++) {
            p.recordDraft(3, 4, 0);
            p.recordDraft(20, 8, 8);
        }
        assertThat(p.acceptance(3)).isLessThan(0.1);
        assertThat(p.acceptance(20)).isGreaterThan(0.9);
        for (int i = 0; i < 100; i++) {
            p.passOver(3);
        }
        assertThat(p.acceptance(3)).isLessThan(0.3);
        for (int i = 0; i < 900; i++) {
            p.passOver(3);
        }
        assertThat(p.acceptance(3)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(DraftPlanner.expected(3, 0.5)).isEqualTo(0.875);
    }
}
