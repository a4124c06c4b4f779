package org.errata.runtime.api;

import java.util.List;

/** The outcome of one request: one completion per sample, in sample order. */
public record GenerationResult(List<Completion> completions, int promptTokens, Timings timings) {

    public GenerationResult {
        completions = List.copyOf(completions);
    }

    /** The first sample, for the common n = 1 case. */
    public Completion first() {
        return completions.get(0);
    }

    public int completionTokens() {
        return completions.stream().mapToInt(Completion::completionTokens).sum();
    }
}
