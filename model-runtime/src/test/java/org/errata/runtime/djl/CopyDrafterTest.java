package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CopyDrafterTest {

    private static final int[] CONTEXT = {1, 2, 3, 4, 5, 6, 1, 2, 3};

    @Test
    void theTokensAfterAnEarlierOccurrenceAreTheDraftAndNothingRepeatedGivesNone() {
        CopyDrafter d = new CopyDrafter(3, 32);
        d.appendAll(CONTEXT);
        int[] from = new int[2];
        assertThat(d.draft(8, from)).containsExactly(4, 5, 6, 1);
        assertThat(from).containsExactly(3, 3);

        CopyDrafter none = new CopyDrafter(3, 32);
        none.appendAll(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2});
        assertThat(none.draft(8, new int[2])).isEmpty();
    }

    /** Steps until the drafter proposes a draft again, at most 100. */
    private static int stepsWithoutDraft(CopyDrafter d) {
        int steps = 0;
        while (d.draft(8, new int[2]).length == 0 && steps < 100) {
            steps++;
        }
        return steps;
    }

    @Test
    void draftsThatFailOutrightBackOffOneTwoFourStepsUpToTheLimitUntilOneIsAcceptedInPart() {
        CopyDrafter d = new CopyDrafter(3, 32);
        d.appendAll(CONTEXT);
        assertThat(d.draft(8, new int[2])).isNotEmpty();
        d.accepted(0, 4);
        assertThat(stepsWithoutDraft(d)).as("after the first failure").isZero();
        d.accepted(0, 1);
        assertThat(stepsWithoutDraft(d)).isEqualTo(1);
        d.accepted(0, 1);
        assertThat(stepsWithoutDraft(d)).isEqualTo(2);
        d.accepted(0, 1);
        assertThat(stepsWithoutDraft(d)).isEqualTo(4);
        for (int i = 0; i < 10; i++) {
            d.accepted(0, 1);
        }
        assertThat(stepsWithoutDraft(d)).isEqualTo(CopyDrafter.MAX_BACKOFF);
        d.accepted(1, 2);
        d.accepted(0, 2);
        assertThat(stepsWithoutDraft(d)).as("a draft accepted in part resets the back-off").isZero();
    }

    @Test
    void withoutBackOffEveryMatchIsProposed() {
        CopyDrafter d = new CopyDrafter(3, 32, false);
        d.appendAll(CONTEXT);
        for (int i = 0; i < 6; i++) {
            d.accepted(0, 1);
        }
        assertThat(stepsWithoutDraft(d)).isZero();
    }
}
