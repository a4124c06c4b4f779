package org.errata.correction.trace;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A math problem. {@code key} is its id inside its dataset (the source's idx / unique_id, or
 * the line number); {@code goldAnswer} is the reference final answer when the source has one.
 * {@code extra} keeps source fields Errata does not model, so export can give them back.
 */
public record Problem(
        ProblemId id,
        String dataset,
        String key,
        String text,
        @Nullable String goldAnswer,
        @Nullable String goldSolution,
        @Nullable String subject,
        @Nullable Integer level,
        Map<String, Object> extra) {

    public Problem {
        Ids.check(dataset, "dataset");
        Ids.check(key, "problem key");
        java.util.Objects.requireNonNull(text, "text");
        extra = OrderedMaps.copyOf(extra);
    }

    public static Problem of(String dataset, String key, String text, @Nullable String gold) {
        return new Problem(ProblemId.of(dataset, key), dataset, key, text, gold, null, null, null, Map.of());
    }
}
