package org.errata.correction.trace;

import java.util.List;
import java.util.Objects;
import org.errata.runtime.api.TokenLogprob;
import org.jspecify.annotations.Nullable;

/**
 * One solution attempt. {@code turn} counts from 1. {@code correct} is the answer checked
 * against the gold answer (null without one); {@code extractedBy} names the extractor that
 * found {@code finalAnswer}. {@code prompt} is the exact text the model was given.
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
        CallStats stats,
        NodeStatus status,
        @Nullable String error,
        List<TokenLogprob> logprobs) implements TraceNode {

    public Attempt {
        Objects.requireNonNull(id);
        Objects.requireNonNull(text);
        logprobs = List.copyOf(logprobs);
        if (turn < 1) throw new IllegalArgumentException("turn counts from 1: " + turn);
    }
}
