package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
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

    /** The draft by a plain search backwards, as {@link CopyDrafter#draft} documents it. */
    private static int[] naiveDraft(int[] t, int count, int gamma, int n, int[] from) {
        int best = -1;
        int bestLength = gamma - 1;
        int seen = 0;
        for (int e = count - 2; e >= gamma - 1 && seen < CopyDrafter.CANDIDATES; e--) {
            boolean same = true;
            for (int k = 0; k < gamma && same; k++) {
                same = t[e - k] == t[count - 1 - k];
            }
            if (!same) {
                continue;
            }
            seen++;
            int len = 0;
            while (len < CopyDrafter.LOOK_BACK && e - len >= 0 && t[e - len] == t[count - 1 - len]) {
                len++;
            }
            if (len > bestLength) {
                best = e;
                bestLength = len;
            }
        }
        if (best < 0) {
            return new int[0];
        }
        from[0] = best + 1;
        from[1] = bestLength;
        return Arrays.copyOfRange(t, best + 1, best + 1 + Math.min(n, count - best - 1));
    }

    @Test
    void theHashTableFindsWhatAPlainSearchFindsThroughAContextOfThousandsOfTokens() {
        // four symbols: every run of three recurs many times, so chains are long and the table grows often
        for (int gamma : new int[] {1, 3, 5}) {
            SplittableRandom random = new SplittableRandom(gamma);
            int[] t = new int[3000];
            CopyDrafter d = new CopyDrafter(gamma, 32, false);
            int drafts = 0;
            for (int i = 0; i < t.length; i++) {
                t[i] = i % 200 < 100 ? random.nextInt(4) : t[i - 100]; // stretches that repeat exactly, too
                d.append(t[i]);
                int[] got = new int[2];
                int[] want = new int[2];
                int[] draft = d.draft(4, got);
                assertThat(draft).as("gamma %d, context of %d", gamma, i + 1)
                        .containsExactly(naiveDraft(t, i + 1, gamma, 4, want));
                if (draft.length > 0) {
                    assertThat(got).isEqualTo(want);
                    drafts++;
                }
            }
            assertThat(drafts).as("gamma %d: drafts compared", gamma).isGreaterThan(1500);
        }
    }

    @Test
    void lookingUpAContextWithNothingRepeatedAllocatesNothing() {
        CopyDrafter d = new CopyDrafter(3, 32);
        int[] ids = new int[20_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i; // no token repeats, so no run of three does
        }
        d.appendAll(ids);
        int[] from = new int[2];
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        for (int i = 0; i < 20_000; i++) {
            d.draft(8, from); // warm
        }
        long before = threads.getThreadAllocatedBytes(id);
        int found = 0;
        for (int i = 0; i < 100_000; i++) {
            found += d.draft(8, from).length;
        }
        long bytes = threads.getThreadAllocatedBytes(id) - before;
        assertThat(found).isZero();
        assertThat(bytes).as("bytes allocated by 100,000 look-ups").isLessThan(10_000);
    }
}
