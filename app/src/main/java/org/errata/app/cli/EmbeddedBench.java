package org.errata.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenListener;

/** Measures a {@link LanguageModel} the way llama-probe measures llama.cpp. */
final class EmbeddedBench {

    /** Tokens decoded before measuring (at least two full runs); at most {@link #WARM_UP_NANOS} of it. */
    static final int WARM_UP_TOKENS = 1024;
    static final long WARM_UP_NANOS = 15_000_000_000L;

    private EmbeddedBench() {
    }

    static Optional<RuntimeBenchCommand.Row> run(RuntimeBenchCommand.EmbeddedOpener opener, Path folder,
                                                 RuntimeBenchCommand.Size size, long parameters, int threads,
                                                 int prompt, int decode, int batch) throws ModelException {
        Optional<LanguageModel> opened = opener.open(folder, threads);
        if (opened.isEmpty()) return Optional.empty();
        int vocab = size.shape().vocabSize();
        // Sampling at temperature 1 keeps random weights from looping into an end-of-sequence token.
        SamplingConfig sampling = SamplingConfig.temperature(1.0, 7);
        try (LanguageModel model = opened.get()) {
            // Warm up the JIT on the whole decode path, then report the best of three timed runs for
            // the single stream. A JVM runs the first steps interpreted and compiles the hot code on
            // the same cores in the background: on the tiny model decoding speeds up over the first
            // ~1000 tokens (interpreted only: about half the compiled speed), so warm up that long,
            // or 15 s on a large model.
            GenerationRequest warm = GenerationRequest.of(Prompt.raw(RuntimeBenchCommand.prompt(vocab, 8, 1)), sampling, decode);
            long warmStart = System.nanoTime();
            int warmTokens = 0;
            for (int run = 0; run < 2 || (warmTokens < WARM_UP_TOKENS && System.nanoTime() - warmStart < WARM_UP_NANOS); run++) {
                warmTokens += model.generate(warm.withSampling(sampling.withSeed(8 + run))).completionTokens();
            }

            GenerationRequest prefillOnly = GenerationRequest.of(
                    Prompt.raw(RuntimeBenchCommand.prompt(vocab, prompt, 2)), sampling, 1);
            GenerationResult p = model.generate(prefillOnly);
            double prefill = p.promptTokens() / (p.timings().prefillNanos() / 1e9);

            GenerationRequest single = GenerationRequest.of(
                    Prompt.raw(RuntimeBenchCommand.prompt(vocab, prompt, 3)), sampling, decode);
            double decodeRate = 0;
            for (int run = 0; run < 3; run++) {
                GenerationResult d = model.generate(single.withSampling(sampling.withSeed(7 + run)));
                decodeRate = Math.max(decodeRate, (d.completionTokens() - 1) / (d.timings().decodeNanos() / 1e9));
            }

            List<GenerationRequest> requests = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                requests.add(GenerationRequest.of(Prompt.raw(RuntimeBenchCommand.prompt(vocab, 8, 100 + i)),
                        sampling.withSeed(i), decode));
            }
            long t0 = System.nanoTime();
            List<GenerationResult> results = model.generateBatch(requests, TokenListener.NONE, Cancellation.none());
            long t1 = System.nanoTime();
            int tokens = results.stream().mapToInt(GenerationResult::completionTokens).sum();
            double batched = tokens / ((t1 - t0) / 1e9);
            return Optional.of(new RuntimeBenchCommand.Row(size.label(), parameters, model.info().backend(),
                    prefill, decodeRate, batched));
        }
    }
}
