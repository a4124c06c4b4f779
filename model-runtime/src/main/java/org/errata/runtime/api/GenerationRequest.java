package org.errata.runtime.api;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One generation call, immutable. {@code n} samples share one prefill; sample {@code i} uses
 * seed {@code sampling.seed() + i}, so a batch of n equals n single calls at those seeds.
 * {@code topLogprobs < 0} asks for no log-probabilities, {@code 0} for the chosen token's
 * only, {@code k > 0} for the chosen token and the k most likely alternatives. {@code copySpec}
 * overrides the model's own {@link RuntimeOptions#copySpec()} for this call (null: the model's;
 * backends without speculative copy decoding ignore it).
 */
public record GenerationRequest(
        Prompt prompt,
        SamplingConfig sampling,
        int maxTokens,
        List<String> stop,
        int n,
        int topLogprobs,
        @Nullable CopySpec copySpec) {

    public GenerationRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampling, "sampling");
        stop = List.copyOf(stop);
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1: " + maxTokens);
        if (n < 1) throw new IllegalArgumentException("n must be >= 1: " + n);
        if (stop.stream().anyMatch(String::isEmpty)) throw new IllegalArgumentException("empty stop string");
    }

    public GenerationRequest(Prompt prompt, SamplingConfig sampling, int maxTokens, List<String> stop, int n, int topLogprobs) {
        this(prompt, sampling, maxTokens, stop, n, topLogprobs, null);
    }

    public static GenerationRequest of(Prompt prompt, SamplingConfig sampling, int maxTokens) {
        return new GenerationRequest(prompt, sampling, maxTokens, List.of(), 1, -1, null);
    }

    public boolean wantsLogprobs() { return topLogprobs >= 0; }

    public GenerationRequest withStop(List<String> s) { return new GenerationRequest(prompt, sampling, maxTokens, s, n, topLogprobs, copySpec); }
    public GenerationRequest withN(int k) { return new GenerationRequest(prompt, sampling, maxTokens, stop, k, topLogprobs, copySpec); }
    public GenerationRequest withTopLogprobs(int k) { return new GenerationRequest(prompt, sampling, maxTokens, stop, n, k, copySpec); }
    public GenerationRequest withMaxTokens(int m) { return new GenerationRequest(prompt, sampling, m, stop, n, topLogprobs, copySpec); }
    public GenerationRequest withSampling(SamplingConfig s) { return new GenerationRequest(prompt, s, maxTokens, stop, n, topLogprobs, copySpec); }
    /** CopySpec for this call only (null: the model's setting). */
    public GenerationRequest withCopySpec(@Nullable CopySpec c) { return new GenerationRequest(prompt, sampling, maxTokens, stop, n, topLogprobs, c); }
    public GenerationRequest withPrompt(Prompt p) { return new GenerationRequest(p, sampling, maxTokens, stop, n, topLogprobs, copySpec); }
}
