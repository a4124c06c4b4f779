package org.errata.runtime.djl;

import java.io.IOException;
import java.nio.file.Path;
import org.errata.runtime.safetensors.DType;

/** Tiny random model folders for tests. */
public final class TinyModels {

    private TinyModels() {}

    /** Llama 3 style: GQA (4 query heads, 2 KV heads), llama3 RoPE scaling, untied head. */
    public static LlamaConfig llamaConfig() {
        int vocab = RandomModelWriter.vocabularySize();
        return LlamaConfig.llama(64, 128, 2, 4, 2, vocab, 512, false)
                .withRopeScaling(new LlamaConfig.RopeScaling("llama3", 8.0, 1.0, 4.0, 32));
    }

    /** Qwen2 style: Q/K/V biases, tied embeddings, one KV head. */
    public static LlamaConfig qwenConfig() {
        int vocab = RandomModelWriter.vocabularySize() + 3;
        return LlamaConfig.llama(48, 96, 2, 4, 1, vocab, 512, true).withArchitecture("Qwen2ForCausalLM", true);
    }

    public static Path llama(Path dir) throws IOException {
        Path folder = dir.resolve("tiny-llama");
        RandomModelWriter.write(folder, llamaConfig(), 11, 0.2, DType.F32);
        return folder;
    }

    public static Path qwen(Path dir) throws IOException {
        Path folder = dir.resolve("tiny-qwen");
        RandomModelWriter.write(folder, qwenConfig(), 12, 0.2, DType.BF16);
        return folder;
    }
}
