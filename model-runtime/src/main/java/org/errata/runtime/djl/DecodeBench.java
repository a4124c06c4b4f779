package org.errata.runtime.djl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenListener;
import org.errata.runtime.safetensors.DType;

/**
 * Prints decode throughput of random Llama models: single-stream tokens/s and the aggregate
 * tokens/s of a batch of independent requests. A command, not a test:
 * {@code java -cp ... org.errata.runtime.djl.DecodeBench tiny|100m|PATH [threads] [tokens] [batch]}.
 * End-of-sequence ids are removed from the random model so every run decodes the full count. Besides
 * the speed it prints the engine (JNI) calls per decoding step, a figure that machine load does not move.
 */
public final class DecodeBench {

    private DecodeBench() {}

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "tiny";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int tokens = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        Path folder;
        if (which.equals("tiny") || which.equals("100m")) {
            LlamaConfig c = which.equals("tiny")
                    ? LlamaConfig.llama(256, 768, 4, 8, 8, 512, 2048, false)
                    : LlamaConfig.llama(768, 2048, 12, 12, 12, 32000, 2048, false);
            folder = Files.createTempDirectory("errata-bench-" + which);
            long t0 = System.nanoTime();
            RandomModelWriter.write(folder, c, 1, 0.02, DType.F32);
            LlamaConfig noEos = LlamaConfig.read(folder.resolve("config.json")).withTokens(1, List.of());
            Files.writeString(folder.resolve("config.json"), noEos.toJson());
            Files.delete(folder.resolve("generation_config.json"));
            System.out.printf("wrote %s (%d layers, dim %d, vocab %d) in %.1f s%n", folder, c.numLayers(),
                    c.hiddenSize(), c.vocabSize(), (System.nanoTime() - t0) / 1e9);
        } else {
            folder = Path.of(which);
        }
        RuntimeOptions opts = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(threads).withTopLogprobs(-1)
                .withMaxBatch(Math.max(batch, 1)).withPrefixCacheEntries(0);
        try (LanguageModel m = LanguageModels.open(folder.toString(), opts)) {
            GenerationRequest one = GenerationRequest.of(Prompt.raw("Step 1: 12 + 30 = 42. Step 2:"),
                    SamplingConfig.greedy(), tokens);
            m.generate(one.withMaxTokens(Math.min(16, tokens)));
            for (int rep = 0; rep < 3; rep++) {
                long calls = DecodeStep.engineCalls();
                long arrays = DecodeStep.arraysMade();
                GenerationResult r = m.generate(one);
                double secs = r.timings().decodeNanos() / 1e9;
                // the first token comes from the prefill; each later one from a decoding step
                double steps = r.completionTokens() - 1;
                System.out.printf("single: %d prompt tokens, prefill %.1f ms, %d tokens in %.3f s = %.1f tokens/s"
                                + "; per decoding step %.0f engine calls making %.0f arrays (+%.0f calls to free them)%n",
                        r.promptTokens(), r.timings().prefillNanos() / 1e6, r.completionTokens(), secs, steps / secs,
                        (DecodeStep.engineCalls() - calls) / steps, (DecodeStep.arraysMade() - arrays) / steps,
                        (DecodeStep.arraysMade() - arrays) / steps);
            }
            if (batch > 1) {
                List<GenerationRequest> requests = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    requests.add(GenerationRequest.of(Prompt.raw("Problem " + i + ": " + (i * 7) + " + " + i + " ="),
                            SamplingConfig.temperature(0.8, i), tokens));
                }
                for (int rep = 0; rep < 2; rep++) {
                    long t0 = System.nanoTime();
                    List<GenerationResult> rs = m.generateBatch(requests, TokenListener.NONE, Cancellation.none());
                    double secs = (System.nanoTime() - t0) / 1e9;
                    int total = rs.stream().mapToInt(GenerationResult::completionTokens).sum();
                    System.out.printf("batch of %d: %d tokens in %.2f s (prefills included) = %.1f tokens/s aggregate%n",
                            batch, total, secs, total / secs);
                }
            }
        }
    }
}
