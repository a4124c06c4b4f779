package org.errata.runtime.djl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which of the requests admitted together share one prefill pass. A prompt prefilled alone reads
 * every weight once for its few tokens; prompts prefilled together, padded at the end to the
 * longest, read them once for all (on the 0.5B shape, 32 eight-token prompts: one pass instead of
 * 32). Requests go together only when that cannot cost more than it saves:
 * <ul>
 *   <li>they continue the same cached prefix (the same prefix-cache entry, to the same length; or
 *       none), which the pass reuses once for all of them;</li>
 *   <li>no two of them share more than {@link #SHARED_SLACK} tokens beyond it: a request that
 *       repeats another's prompt (a later turn, the same problem asked again) waits and then
 *       reuses that prompt from the prefix cache, as when prefilled alone;</li>
 *   <li>padding adds at most a quarter ({@link #MAX_PADDING}) to the tokens computed, and one pass
 *       holds at most {@link #MAX_TOKENS} padded tokens (attention's scores grow with their
 *       square);</li>
 * </ul>
 * Pure policy over token ids; no engine.
 */
final class PrefillGroups {

    /** Padded tokens in one pass at most. */
    static final int MAX_TOKENS = 2048;
    /** Padded tokens per prompt token in one pass at most. */
    static final double MAX_PADDING = 1.25;
    /** Tokens two prompts of one pass may share beyond their cached prefix. */
    static final int SHARED_SLACK = 8;

    /**
     * A prompt that may be prefilled with others: its tokens, the prefix-cache entry it continues
     * (null: none) and that prefix's length.
     */
    record Candidate(int[] prompt, @Nullable Object prefix, int past) {
        int suffix() {
            return prompt.length - past;
        }
    }

    private PrefillGroups() {}

    /**
     * Groups of two or more indices into {@code candidates}, each group's candidates sorted by
     * length; a candidate in no group is prefilled alone, after the groups.
     */
    static List<List<Integer>> of(List<Candidate> candidates) {
        Map<Key, List<Integer>> byPrefix = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (c.suffix() > 0 && c.suffix() <= MAX_TOKENS / 2) {
                byPrefix.computeIfAbsent(new Key(c.prefix(), c.past()), k -> new ArrayList<>()).add(i);
            }
        }
        List<List<Integer>> groups = new ArrayList<>();
        for (List<Integer> same : byPrefix.values()) {
            same.sort(Comparator.comparingInt(i -> candidates.get(i).suffix()));
            List<Integer> group = new ArrayList<>();
            long tokens = 0;
            for (int i : same) {
                Candidate c = candidates.get(i);
                if (sharesTooMuch(c, group, candidates)) {
                    continue; // alone, after the group that holds the prompt it repeats
                }
                long padded = (long) (group.size() + 1) * c.suffix(); // sorted: c is the longest
                if (padded > MAX_TOKENS || padded > MAX_PADDING * (tokens + c.suffix())) {
                    close(group, groups);
                    group = new ArrayList<>();
                    tokens = 0;
                }
                group.add(i);
                tokens += c.suffix();
            }
            close(group, groups);
        }
        return groups;
    }

    private static boolean sharesTooMuch(Candidate c, List<Integer> group, List<Candidate> all) {
        for (int j : group) {
            if (common(c.prompt(), all.get(j).prompt()) > c.past() + SHARED_SLACK) {
                return true;
            }
        }
        return false;
    }

    private static int common(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    private static void close(List<Integer> group, List<List<Integer>> groups) {
        if (group.size() >= 2) {
            groups.add(group);
        }
    }

    /** The cached prefix a candidate continues: the entry by identity, and its length. */
    private record Key(@Nullable Object prefix, int past) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.prefix == prefix && k.past == past;
        }

        @Override
        public int hashCode() {
            return Objects.hash(System.identityHashCode(prefix), past);
        }
    }
}
