package org.errata.correction.trace;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A verdict on the parent attempt. {@code pYes} is the probability the verifier put on "correct"
 * when the backend returned log-probabilities; {@code predictedFirstError} is the 0-based step
 * the verifier blamed, -1 for "no error", null when it did not say. {@code iteration} counts
 * inspector rounds (1-based; 1 for ordinary verifiers).
 */
public record Verification(
        NodeId id,
        NodeId parent,
        int seq,
        VerifierRole role,
        String model,
        String prompt,
        String rawText,
        Verdict verdict,
        @Nullable String parser,
        @Nullable Double pYes,
        List<Double> stepScores,
        @Nullable Integer predictedFirstError,
        int iteration,
        CallStats stats,
        NodeStatus status,
        @Nullable String error) implements TraceNode {

    public Verification {
        stepScores = List.copyOf(stepScores);
        if (pYes != null && !(pYes >= 0 && pYes <= 1)) throw new IllegalArgumentException("p(yes) " + pYes);
        if (predictedFirstError != null && predictedFirstError < -1) {
            throw new IllegalArgumentException("first error " + predictedFirstError);
        }
    }
}
