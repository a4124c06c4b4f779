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

    /**
     * How a benchmark opens a temporary model: no log-probabilities (as llama.cpp), and its
     * converted weights cached in a folder beside it, deleted with it.
     */
    static org.errata.runtime.api.RuntimeOptions options(Path model, int threads, String device) {
        return org.errata.runtime.api.RuntimeOptions.defaults().withThreads(threads).withTopLogprobs(-1)
                .withDevice(org.errata.runtime.api.RuntimeOptions.Device.parse(device))
                .withWeightsCache(model.resolveSibling("weights-cache"));
    }

    /**
     * One measurement in a process of its own, so that its peak resident memory is the engine's
     * (started by {@link SizesBench}): {@code FOLDER LABEL THREADS PROMPT DECODE BATCH DEVICE WARM_UP_TOKENS}.
     * Prints {@code figures=PREFILL DECODE BATCHED LOAD_SECONDS BACKEND}. With {@code --first-load FOLDER
     * THREADS DEVICE}: opens the model once, as a user's first load does (converting its weights and,
     * on the CPU, writing them to the weights cache), closes it and prints {@code first-load=SECONDS}.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--first-load")) {
            long start = System.nanoTime();
            try (LanguageModel m = org.errata.runtime.api.LanguageModels.open(args[1],
                    options(Path.of(args[1]), Integer.parseInt(args[2]), args[3]))) {
                System.out.printf(java.util.Locale.ROOT, "first-load=%f%n", (System.nanoTime() - start) / 1e9);
            } // closing waits for the weights cache to be written
            System.out.flush();
            System.exit(0);
        }
        Path folder = Path.of(args[0]);
        int threads = Integer.parseInt(args[2]);
        var config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve("config.json").toFile());
        RuntimeBenchCommand.Size size = new RuntimeBenchCommand.Size(args[1],
                org.errata.runtime.gguf.LlamaGguf.Shape.fromConfig(config));
        RuntimeBenchCommand.EmbeddedOpener opener = (f, t) -> Optional.of(org.errata.runtime.api.LanguageModels.open(
                f.toString(), options(f, t, args[6])));
        Measured m = measure(opener, folder, size, 0, threads, Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                Integer.parseInt(args[5]), Integer.parseInt(args[7])).orElseThrow();
        System.out.printf(java.util.Locale.ROOT, "figures=%f %f %f %f %s%n", m.row().prefill(), m.row().decode(),
                m.row().batched(), m.loadSeconds(), m.row().engine());
        System.out.flush();
        // the engine's native threads are not daemons
        System.exit(0);
    }

    /** A row and the seconds the model took to open. */
    record Measured(RuntimeBenchCommand.Row row, double loadSeconds) {}

    static Optional<RuntimeBenchCommand.Row> run(RuntimeBenchCommand.EmbeddedOpener opener, Path folder,
                                                 RuntimeBenchCommand.Size size, long parameters, int threads,
                                                 int prompt, int decode, int batch) throws ModelException {
        return measure(opener, folder, size, parameters, threads, prompt, decode, batch).map(Measured::row);
    }

    static Optional<Measured> measure(RuntimeBenchCommand.EmbeddedOpener opener, Path folder,
                                      RuntimeBenchCommand.Size size, long parameters, int threads,
                                      int prompt, int decode, int batch) throws ModelException {
        return measure(opener, folder, size, parameters, threads, prompt, decode, batch, WARM_UP_TOKENS);
    }

    static Optional<Measured> measure(RuntimeBenchCommand.EmbeddedOpener opener, Path folder,
                                      RuntimeBenchCommand.Size size, long parameters, int threads,
                                      int prompt, int decode, int batch, int warmUpTokens) throws ModelException {
        long loadStart = System.nanoTime();
        Optional<LanguageModel> opened = opener.open(folder, threads);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        if (opened.isEmpty()) return Optional.empty();
        int vocab = size.shape().vocabSize();
        // Sampling at temperature 1 keeps random weights from looping into an end-of-sequence token.
        SamplingConfig sampling = SamplingConfig.temperature(1.0, 7);
        try (LanguageModel model = opened.get()) {
            // Warm up the JIT on the whole decode path, then report the best of three timed runs for
            // the single stream. A JVM runs the first steps interpreted and compiles the hot code on
            // the same cores in the background: on the tiny model decoding speeds up over the first
            // ~1000 tokens (interpreted only: about half the compiled speed), so warm up that long,
            // or 15 s on a large model (at least one run of up to 32 tokens).
            GenerationRequest warm = GenerationRequest.of(Prompt.raw(RuntimeBenchCommand.prompt(vocab, 8, 1)), sampling,
                    Math.min(decode, 32));
            long warmStart = System.nanoTime();
            int warmTokens = 0;
            for (int run = 0; run < 1 || (warmTokens < warmUpTokens && System.nanoTime() - warmStart < WARM_UP_NANOS); run++) {
                warmTokens += model.generate(warm.withSampling(sampling.withSeed(8 + run))).completionTokens();
            }

            // The best of three prompts, each new to the prefix cache, as for decoding below (and as
            // llama-probe does): the first prompt of a length pays one-off set-up in the engine.
            double prefill = 0;
            for (int run = 0; run < 3; run++) {
                GenerationRequest prefillOnly = GenerationRequest.of(
                        Prompt.raw(RuntimeBenchCommand.prompt(vocab, prompt, 200 + run)), sampling, 1);
                GenerationResult p = model.generate(prefillOnly);
                prefill = Math.max(prefill, (p.promptTokens() - p.timings().cachedPromptTokens()) / (p.timings().prefillNanos() / 1e9));
            }

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
            return Optional.of(new Measured(new RuntimeBenchCommand.Row(size.label(), parameters,
                    model.info().backend(), prefill, decodeRate, batched), loadSeconds));
        }
    }
}
