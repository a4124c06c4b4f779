package org.errata.runtime.api;

import java.util.List;

/** The outcome of one request: one completion per sample, in sample order; {@code copy} sums its samples' {@link CopyStats}. */
public record GenerationResult(List<Completion> completions, int promptTokens, Timings timings, CopyStats copy) {

    public GenerationResult {
        completions = List.copyOf(completions);
        java.util.Objects.requireNonNull(copy, "copy");
    }

    public GenerationResult(List<Completion> completions, int promptTokens, Timings timings) {
        this(completions, promptTokens, timings, CopyStats.NONE);
    }

    /** The first sample, for the common n = 1 case. */
    public Completion first() {
        return completions.get(0);
    }

    public int completionTokens() {
        return completions.stream().mapToInt(Completion::completionTokens).sum();
    }
}
