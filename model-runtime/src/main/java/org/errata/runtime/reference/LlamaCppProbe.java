package org.errata.runtime.reference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Runs llama.cpp through the {@code llama-probe} program that {@code scripts/llama-reference.sh}
 * builds into {@code .reference/} (prebuilt llama.cpp libraries from npm, nothing committed).
 */
public final class LlamaCppProbe {

    /**
     * Speeds measured by llama.cpp on one model, the time its load took (NaN from a probe built
     * before it printed that) and the probe process's peak resident memory (-1 when unknown).
     */
    public record Speeds(double prefillTokensPerSecond, double decodeTokensPerSecond, double batchedTokensPerSecond,
                         double loadSeconds, long peakResidentBytes) {}

    private final Path probe;
    private final Path libraries;

    private LlamaCppProbe(Path probe, Path libraries) {
        this.probe = probe;
        this.libraries = libraries;
    }

    /**
     * Finds the probe: system property {@code errata.llama.probe}, else {@code .reference/llama-probe}
     * under {@code root}. Empty when it has not been built.
     */
    public static Optional<LlamaCppProbe> find(@Nullable Path root) {
        String explicit = System.getProperty("errata.llama.probe");
        Path probe = explicit != null ? Path.of(explicit) : root == null ? null : root.resolve(".reference/llama-probe");
        if (probe == null || !Files.isExecutable(probe)) return Optional.empty();
        Path libs = probe.resolveSibling("lib");
        if (!Files.isDirectory(libs)) return Optional.empty();
        return Optional.of(new LlamaCppProbe(probe, libs));
    }

    /** Raw logits at every position of {@code tokens}, one row per position. */
    public float[][] logits(Path gguf, int[] tokens, int threads) throws IOException {
        String ids = IntStream.of(tokens).mapToObj(Integer::toString).collect(Collectors.joining(","));
        List<String> lines = run(List.of(probe.toString(), libraries.toString(), "logits", gguf.toString(),
                Integer.toString(threads), ids), 300);
        float[][] out = new float[lines.size()][];
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).strip().split(" ");
            out[i] = new float[parts.length];
            for (int j = 0; j < parts.length; j++) out[i][j] = Float.parseFloat(parts[j]);
        }
        return out;
    }

    /** Prefill of {@code prompt} tokens, greedy decode of {@code decode} tokens, and {@code batch} sequences together. */
    public Speeds bench(Path gguf, int threads, int prompt, int decode, int batch) throws IOException {
        long[] peak = {-1};
        List<String> lines = run(List.of(probe.toString(), libraries.toString(), "bench", gguf.toString(),
                Integer.toString(threads), Integer.toString(prompt), Integer.toString(decode), Integer.toString(batch)),
                1800, peak);
        Map<String, Double> values = new LinkedHashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            if (eq > 0) values.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1).strip()));
        }
        if (!values.keySet().containsAll(List.of("prefill_tok_s", "decode_tok_s", "batched_tok_s"))) {
            throw new IOException("llama-probe printed no figures: " + lines);
        }
        return new Speeds(values.get("prefill_tok_s"), values.get("decode_tok_s"), values.get("batched_tok_s"),
                values.getOrDefault("load_s", Double.NaN), peak[0]);
    }

    private List<String> run(List<String> command, int timeoutSeconds) throws IOException {
        return run(command, timeoutSeconds, new long[1]);
    }

    /** Runs the probe; {@code peak[0]} gets its peak resident memory ({@link PeakResident}). */
    private List<String> run(List<String> command, int timeoutSeconds, long[] peak) throws IOException {
        Path err = Files.createTempFile("llama-probe", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
            // the probe finds libllama through its run path; this also covers a probe built before that
            pb.environment().merge("LD_LIBRARY_PATH", libraries.toString(), (old, lib) -> lib + java.io.File.pathSeparator + old);
            Process p = pb.start();
            java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            peak[0] = PeakResident.watch(p, timeoutSeconds);
            byte[] stdout = out.join();
            if (p.exitValue() != 0) {
                throw new IOException("llama-probe failed (exit " + p.exitValue() + "): "
                        + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            List<String> lines = new ArrayList<>();
            for (String line : new String(stdout, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) lines.add(line);
            }
            return lines;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
