package org.errata.correction.trace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.errata.runtime.api.TokenLogprob;
import org.jspecify.annotations.Nullable;

/**
 * One solution attempt. {@code turn} counts from 1. {@code correct} is the answer checked
 * against the gold answer (null without one); {@code extractedBy} names the extractor that
 * found {@code finalAnswer}. {@code prompt} is the exact text the model was given.
 *
 * <p>{@code checkerVerdicts} holds each answer checker's own verdict (checker id to true =
 * equal, false = different, null = consulted but undecided), in the order the grader ran them,
 * and ONLY when the checkers disagreed about this answer (one said equal, another different):
 * a case for human adjudication. It is empty otherwise, the common case, which keeps the store
 * lean; an empty map therefore means "no disagreement recorded", not "no checker ran". Older
 * stores and files without the field read as empty.
 */
public record Attempt(
        NodeId id,
        @Nullable NodeId parent,
        int seq,
        int turn,
        AttemptRole role,
        String model,
        String prompt,
        String text,
        @Nullable String finalAnswer,
        @Nullable String extractedBy,
        @Nullable Boolean correct,
        Map<String, @Nullable Boolean> checkerVerdicts,
        CallStats stats,
        NodeStatus status,
        @Nullable String error,
        List<TokenLogprob> logprobs) implements TraceNode {

    public Attempt {
        Objects.requireNonNull(id);
        Objects.requireNonNull(text);
        logprobs = List.copyOf(logprobs);
        checkerVerdicts = verdicts(checkerVerdicts);
        if (turn < 1) throw new IllegalArgumentException("turn counts from 1: " + turn);
    }

    /** Whether this attempt records a disagreement of the answer checkers. */
    public boolean checkersDisagree() {
        return !checkerVerdicts.isEmpty();
    }

    /** An unmodifiable copy keeping order and null verdicts; a missing map (older JSON) reads as empty. */
    static Map<String, @Nullable Boolean> verdicts(@Nullable Map<String, @Nullable Boolean> verdicts) {
        if (verdicts == null || verdicts.isEmpty()) return Map.of();
        return Collections.unmodifiableMap(new LinkedHashMap<>(verdicts));
    }
}
