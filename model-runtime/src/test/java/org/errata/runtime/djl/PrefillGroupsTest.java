package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PrefillGroupsTest {

    private static int next = 1000;

    /** A prompt of {@code n} tokens no other prompt shares a token of (after {@code prefix}). */
    private static int[] prompt(int[] prefix, int n) {
        int[] p = new int[prefix.length + n];
        System.arraycopy(prefix, 0, p, 0, prefix.length);
        for (int i = prefix.length; i < p.length; i++) {
            p[i] = next++;
        }
        return p;
    }

    private static PrefillGroups.Candidate fresh(int n) {
        return new PrefillGroups.Candidate(prompt(new int[0], n), null, 0);
    }

    @Test
    void equalLengthsGoTogetherUpToTheTokenCap() {
        List<PrefillGroups.Candidate> c = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            c.add(fresh(64));
        }
        List<List<Integer>> groups = PrefillGroups.of(c);
        // 2048 padded tokens hold 32 prompts of 64; the other 8 make a second pass
        assertThat(groups).extracting(List::size).containsExactly(32, 8);
        assertThat(groups.stream().flatMap(List::stream).sorted().toList()).isEqualTo(IntStream.range(0, 40).boxed().toList());
    }

    @Test
    void paddingAddsAtMostAQuarter() {
        List<PrefillGroups.Candidate> c = List.of(fresh(10), fresh(11), fresh(12), fresh(40), fresh(41));
        List<List<Integer>> groups = PrefillGroups.of(c);
        assertThat(groups).containsExactly(List.of(0, 1, 2), List.of(3, 4));
        for (List<Integer> g : groups) {
            int longest = g.stream().mapToInt(i -> c.get(i).suffix()).max().orElseThrow();
            int tokens = g.stream().mapToInt(i -> c.get(i).suffix()).sum();
            assertThat((double) longest * g.size()).isLessThanOrEqualTo(PrefillGroups.MAX_PADDING * tokens);
        }
    }

    @Test
    void onlyPromptsContinuingTheSameCachedPrefixGoTogether() {
        Object entryA = new Object();
        Object entryB = new Object();
        int[] a = prompt(new int[0], 30);
        int[] b = prompt(new int[0], 30);
        List<PrefillGroups.Candidate> c = List.of(
                new PrefillGroups.Candidate(prompt(a, 5), entryA, 30),
                new PrefillGroups.Candidate(prompt(b, 5), entryB, 30),
                new PrefillGroups.Candidate(prompt(a, 6), entryA, 30),
                new PrefillGroups.Candidate(prompt(b, 5), entryB, 29), // the same entry to another length
                new PrefillGroups.Candidate(prompt(b, 6), entryB, 30));
        assertThat(PrefillGroups.of(c)).containsExactly(List.of(0, 2), List.of(1, 4));
    }

    @Test
    void aPromptRepeatingAnotherBeyondTheSlackIsLeftToPrefillAlone() {
        int[] first = prompt(new int[0], 20);
        int[] close = prompt(java.util.Arrays.copyOf(first, PrefillGroups.SHARED_SLACK), 12); // shares 8: fine
        int[] repeat = prompt(first, 4); // shares all 20 tokens of the first
        List<PrefillGroups.Candidate> c = List.of(new PrefillGroups.Candidate(first, null, 0),
                new PrefillGroups.Candidate(close, null, 0), new PrefillGroups.Candidate(repeat, null, 0),
                fresh(21));
        assertThat(PrefillGroups.of(c)).containsExactly(List.of(0, 1, 3));
    }

    @Test
    void longPromptsAndSinglesPrefillAlone() {
        assertThat(PrefillGroups.of(List.of(fresh(PrefillGroups.MAX_TOKENS / 2 + 1), fresh(PrefillGroups.MAX_TOKENS / 2 + 1)))).isEmpty();
        assertThat(PrefillGroups.of(List.of(fresh(12)))).isEmpty();
        assertThat(PrefillGroups.of(List.of())).isEmpty();
    }
}
