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

    /** Steps in a row that check no draft although the estimates favour one, at most 5000. */
    private static int pausedSteps(DraftPlanner p, int[] lengths, double[] acceptance) {
        int steps = 0;
        while (p.width(lengths, acceptance) == 1 && steps < 5000) {
            steps++;
        }
        return steps;
    }

    @Test
    void checksThatLoseTimePauseCheckingWhateverTheEstimatesSayAndLongerEachTime() {
        DraftPlanner p = measured(); // by its estimates (1 ms + 0.1 ms a token) a good draft pays
        int[] lengths = {8};
        double[] acceptance = {0.9};
        assertThat(p.width(lengths, acceptance)).isGreaterThan(1);
        // but the checks keep nothing and take 3 ms each: 2 ms lost per check
        p.recordCheck(1, 9, 3_000_000L, 0);
        assertThat(p.pauses()).as("one loss of two steps' time is within the limit").isZero();
        p.recordCheck(1, 9, 3_000_000L, 0);
        assertThat(p.pauses()).isEqualTo(1);
        assertThat(pausedSteps(p, lengths, acceptance)).isEqualTo(DraftPlanner.MIN_PAUSE);
        p.recordCheck(1, 9, 3_000_000L, 0);
        p.recordCheck(1, 9, 3_000_000L, 0);
        assertThat(pausedSteps(p, lengths, acceptance)).isEqualTo(2 * DraftPlanner.MIN_PAUSE);
        for (int i = 0; i < 20; i++) {
            p.recordCheck(1, 9, 3_000_000L, 0);
            p.recordCheck(1, 9, 3_000_000L, 0);
            pausedSteps(p, lengths, acceptance);
        }
        p.recordCheck(1, 9, 3_000_000L, 0);
        p.recordCheck(1, 9, 3_000_000L, 0);
        assertThat(pausedSteps(p, lengths, acceptance)).isEqualTo(DraftPlanner.MAX_PAUSE);
        // steps without drafts do not use up a pause
        p.recordCheck(1, 9, 3_000_000L, 0);
        p.recordCheck(1, 9, 3_000_000L, 0);
        assertThat(p.width(new int[] {0}, new double[] {0})).isEqualTo(1);
        assertThat(pausedSteps(p, lengths, acceptance)).isEqualTo(DraftPlanner.MAX_PAUSE);
    }

    @Test
    void checksThatPayDoNotPauseNorDoesOneSlowCheckAmongThem() {
        DraftPlanner p = measured();
        for (int i = 0; i < 1000; i++) {
            p.recordCheck(1, 9, 1_800_000L, 6); // 7 tokens for 1.8 ms instead of 7 ms
        }
        p.recordCheck(1, 9, 9_000_000L, 0); // preempted once: 8 ms lost
        p.recordCheck(1, 9, 1_800_000L, 6);
        p.recordCheck(1, 9, 90_000_000L, 0); // and again, longer
        assertThat(p.pauses()).isZero();
        assertThat(p.width(new int[] {8}, new double[] {0.9})).isGreaterThan(1);
    }

    @Test
    void aPauseAfterChecksPaidAgainIsShortAgain() {
        DraftPlanner p = measured();
        for (int k = 0; k < 3; k++) {
            p.recordCheck(1, 9, 3_000_000L, 0);
            p.recordCheck(1, 9, 3_000_000L, 0);
            pausedSteps(p, new int[] {8}, new double[] {0.9});
        }
        for (int i = 0; i < 10; i++) {
            p.recordCheck(1, 9, 1_800_000L, 6);
        }
        int losses = 0;
        while (p.pauses() == 3 && losses < 100) {
            p.recordCheck(1, 9, 30_000_000L, 0);
            losses++;
        }
        assertThat(losses).as("losing checks it takes to use up what paying ones saved").isBetween(4, 8);
        assertThat(p.pauses()).isEqualTo(4);
        assertThat(pausedSteps(p, new int[] {8}, new double[] {0.9})).isEqualTo(DraftPlanner.MIN_PAUSE);
    }
}
