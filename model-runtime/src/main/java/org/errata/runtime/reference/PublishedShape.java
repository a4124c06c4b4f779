package org.errata.runtime.reference;

import java.util.List;
import org.errata.runtime.gguf.LlamaGguf;

/**
 * The shape of a published model, for random weights of its exact size. {@code llama3Rope} adds
 * Llama 3's {@code rope_scaling} (factor 32, low/high frequency factors 1 and 4, original context
 * 8192) to its {@code config.json}.
 */
public record PublishedShape(String name, LlamaGguf.Shape shape, boolean llama3Rope) {

    /**
     * The published hyper-parameters (from each model's {@code config.json}): hidden size,
     * intermediate size, layers, heads, KV heads, vocabulary, context, RMSNorm epsilon, RoPE theta,
     * tied embeddings. Qwen2.5-1.5B's context is the base model's 131072.
     */
    public static final List<PublishedShape> ALL = List.of(
            new PublishedShape("qwen2.5-0.5b", new LlamaGguf.Shape("qwen2", 151936, 896, 4864, 24, 14, 2, 32768,
                    1e-6, 1_000_000, true), false),
            new PublishedShape("qwen2.5-1.5b", new LlamaGguf.Shape("qwen2", 151936, 1536, 8960, 28, 12, 2, 131072,
                    1e-6, 1_000_000, true), false),
            new PublishedShape("llama-3.2-1b", new LlamaGguf.Shape("llama", 128256, 2048, 8192, 16, 32, 8, 131072,
                    1e-5, 500_000, true), true));

    /** Random weights of this shape as the model ships them: bf16, with its rope scaling. */
    public RandomCheckpoint checkpoint(long seed, double std) {
        RandomCheckpoint c = new RandomCheckpoint(shape, seed, std).inBf16();
        return llama3Rope ? c.withLlama3RopeScaling(32, 1, 4, 8192) : c;
    }
}
