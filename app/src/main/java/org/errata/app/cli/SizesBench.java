package org.errata.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.errata.runtime.gguf.LlamaGguf;
import org.errata.runtime.reference.LlamaCppProbe;
import org.errata.runtime.reference.PeakResident;
import org.errata.runtime.reference.PublishedShape;
import org.errata.runtime.reference.RandomCheckpoint;

/**
 * {@code errata bench runtime --sizes}: the embedded backend and llama.cpp on random weights in the
 * exact shapes of published models. Per shape, the weights are written as bf16 safetensors (as
 * those models ship; the embedded backend converts them to f32 on load) and, from the same
 * values, as GGUF f32 and GGUF f16 for llama.cpp. Each engine runs in a child process of its own,
 * so its peak resident memory ({@code VmHWM}) is the engine's: the embedded one in a JVM, the
 * llama.cpp one in {@code llama-probe}. The embedded backend is first opened once in a process of
 * its own, as a user's first load (converting the weights and writing its weights cache, in a
 * folder beside the model), and then measured from a load that maps the cache, as llama.cpp maps
 * its GGUF file. Only one shape's files exist at a time, and at most one
 * of them beside nothing else: the safetensors go before the GGUF is written, each GGUF before the
 * next, so the disk holds at most the f32 bytes of one shape.
 */
final class SizesBench {

    /** The shape whose decode ratio the last line prints. */
    static final String ONE_B = "llama-3.2-1b";

    /** One engine's figures on one shape; NaN (or -1 bytes) where not measured. */
    record Figures(String shape, long parameters, String engine, double prefill, double decode, double batched,
                   double loadSeconds, double firstLoadSeconds, long peakBytes) {}

    /** Runs one engine in its own process on a written model (the embedded backend in a child JVM). */
    @FunctionalInterface
    interface EmbeddedProcess {
        Figures run(Path hfFolder, String shape, long parameters, int threads, int prompt, int decode, int batch)
                throws IOException;
    }

    private final PrintWriter out;
    private final Path workDir;
    private final Optional<LlamaCppProbe> llama;
    private final EmbeddedProcess embedded;

    SizesBench(PrintWriter out, Path workDir, Optional<LlamaCppProbe> llama, EmbeddedProcess embedded) {
        this.out = out;
        this.workDir = workDir;
        this.llama = llama;
        this.embedded = embedded;
    }

    /** The shapes named in {@code list} (comma-separated; "all" or empty: every one). */
    static List<PublishedShape> select(String list) {
        if (list.isBlank() || list.strip().equalsIgnoreCase("all")) return PublishedShape.ALL;
        List<PublishedShape> out = new ArrayList<>();
        for (String name : list.split(",")) {
            String n = name.strip().toLowerCase(Locale.ROOT);
            PublishedShape p = PublishedShape.ALL.stream().filter(x -> x.name().equals(n)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown shape '" + name.strip() + "' (known: "
                            + String.join(", ", PublishedShape.ALL.stream().map(PublishedShape::name).toList()) + ")"));
            if (!out.contains(p)) out.add(p);
        }
        return out;
    }

    /** Measures every shape and prints the table, the ratios, the load average and, last, the 1B decode ratio. */
    List<Figures> run(List<PublishedShape> shapes, int threads, int prompt, int decode, int batch) throws IOException {
        String loadBefore = loadAverage();
        out.printf(Locale.ROOT, "threads %d, prompt %d tokens, decode %d tokens, batch %d; random weights, bf16 "
                + "safetensors (embedded, converted to f32 on load) and GGUF f32/f16 of the same values (llama.cpp)%n",
                threads, prompt, decode, batch);
        out.println("peak memory: VmHWM of the engine's own process (embedded: a JVM; llama.cpp: llama-probe)");
        out.println("load: the embedded row's first load (1st load s) converts the bf16 weights and writes them to the "
                + "weights cache; the measured load maps them from there, as llama.cpp maps its GGUF file");
        if (llama.isEmpty()) {
            out.println("llama.cpp: not installed; run scripts/llama-reference.sh (npm + a C compiler) for the reference rows.");
        }
        header();
        List<Figures> all = new ArrayList<>();
        for (PublishedShape p : shapes) {
            RandomCheckpoint ckpt = p.checkpoint(1234, 0.02);
            long params = ckpt.parameters();
            List<Figures> rows = new ArrayList<>();
            Path dir = Files.createTempDirectory(workDir, "errata-sizes-");
            try {
                Path hf = dir.resolve("hf");
                ckpt.writeHuggingFace(hf);
                rows.add(print(embedded.run(hf, p.name(), params, threads, prompt, decode, batch)));
                deleteTree(hf);
                if (llama.isPresent()) {
                    for (boolean f16 : new boolean[] {false, true}) {
                        Path gguf = dir.resolve(f16 ? "model-f16.gguf" : "model-f32.gguf");
                        ckpt.writeGguf(gguf, f16);
                        LlamaCppProbe.Speeds s = llama.get().bench(gguf, threads, prompt, decode, batch);
                        Files.delete(gguf);
                        rows.add(print(new Figures(p.name(), params, f16 ? "llama.cpp f16" : "llama.cpp f32",
                                s.prefillTokensPerSecond(), s.decodeTokensPerSecond(), s.batchedTokensPerSecond(),
                                s.loadSeconds(), Double.NaN, s.peakResidentBytes())));
                    }
                }
            } finally {
                deleteTree(dir);
            }
            out.println(ratios(rows, ckpt.f32Bytes()));
            out.flush();
            all.addAll(rows);
        }
        out.println("load average: " + loadBefore + " before, " + loadAverage() + " after (1, 5, 15 min)");
        out.println(lastLine(all));
        out.flush();
        return all;
    }

    private void header() {
        out.printf(Locale.ROOT, "%-13s %8s  %-14s %14s %13s %15s %7s %11s %9s%n", "shape", "params", "engine",
                "prefill tok/s", "decode tok/s", "batch tok/s", "load s", "1st load s", "peak GiB");
        out.flush();
    }

    private Figures print(Figures f) {
        out.printf(Locale.ROOT, "%-13s %7.0fM  %-14s %14.1f %13.2f %15.1f %7.2f %11s %9s%n", f.shape(),
                f.parameters() / 1e6, f.engine(), f.prefill(), f.decode(), f.batched(), f.loadSeconds(),
                Double.isNaN(f.firstLoadSeconds()) ? "-" : String.format(Locale.ROOT, "%.2f", f.firstLoadSeconds()),
                f.peakBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", f.peakBytes() / (double) (1L << 30)));
        out.flush();
        return f;
    }

    /** The ratio line of one shape: embedded vs llama.cpp f32, batch over single, memory over f32 weight bytes. */
    static String ratios(List<Figures> rows, long f32Bytes) {
        Figures e = rows.get(0);
        Optional<Figures> ref = rows.stream().filter(r -> r.engine().equals("llama.cpp f32")).findFirst();
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %s ratios: batch/single %.2fx", e.shape(),
                e.batched() / e.decode()));
        ref.ifPresent(r -> sb.append(String.format(Locale.ROOT, ", decode %.2fx llama.cpp f32, prefill %.2fx",
                e.decode() / r.decode(), e.prefill() / r.prefill())));
        for (Figures f : rows) {
            if (f.peakBytes() >= 0) {
                sb.append(String.format(Locale.ROOT, ", mem %s %.2fx", f.engine(), f.peakBytes() / (double) f32Bytes));
            }
        }
        return sb.append(String.format(Locale.ROOT, " of the f32 weight bytes (%.2f GiB)", f32Bytes / (double) (1L << 30)))
                .toString();
    }

    /** The last line: embedded / llama.cpp f32 single-stream decode at the 1B shape. */
    static String lastLine(List<Figures> rows) {
        Optional<Figures> e = rows.stream().filter(r -> r.shape().equals(ONE_B) && !r.engine().startsWith("llama.cpp"))
                .findFirst();
        Optional<Figures> ref = rows.stream().filter(r -> r.shape().equals(ONE_B) && r.engine().equals("llama.cpp f32"))
                .findFirst();
        if (e.isEmpty() || ref.isEmpty()) {
            return "1B decode ratio (" + ONE_B + ", embedded/llama.cpp f32): n/a (needs both engines on that shape)";
        }
        return String.format(Locale.ROOT, "1B decode ratio (%s, embedded/llama.cpp f32): %.2fx", ONE_B,
                e.get().decode() / ref.get().decode());
    }

    static String loadAverage() {
        // no /proc (not Linux): the table still stands, without the figure
        return org.errata.runtime.reference.LoadAverage.text(", ", "n/a");
    }

    /**
     * The heap of the child JVM: the engine's Java objects are small and short-lived (about 60-150 MB
     * in use while decoding), but G1's default initial heap is 1/64 of the machine's memory (380 MB
     * on 24 GB) and its young generation cycles through all of it, so it all becomes resident and
     * counts in the peak; a fixed young generation of 48 MB keeps the heap near what is in use.
     */
    static final List<String> CHILD_HEAP = List.of("-Xms64m", "-Xmn48m");

    /** The embedded backend measured by {@link EmbeddedBench#main} in a child JVM, its peak memory watched. */
    static EmbeddedProcess childJvm(String device) {
        return childJvm(device, EmbeddedBench.WARM_UP_TOKENS);
    }

    /** As {@link #childJvm(String)}, warming up with at most {@code warmUpTokens} (a test's short run). */
    static EmbeddedProcess childJvm(String device, int warmUpTokens) {
        return (hf, shape, params, threads, prompt, decode, batch) -> {
            // the child caches the converted weights beside the model (EmbeddedBench.options), deleted with it
            Child first = child(hf, List.of("--first-load", hf.toString(), Integer.toString(threads), device));
            String firstLoad = first.line("first-load=");
            Child measured = child(hf, List.of(hf.toString(), shape, Integer.toString(threads), Integer.toString(prompt),
                    Integer.toString(decode), Integer.toString(batch), device, Integer.toString(warmUpTokens)));
            String[] f = measured.line("figures=").split(" ");
            return new Figures(shape, params, f[4] + " bf16", Double.parseDouble(f[0]), Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(firstLoad), measured.peak());
        };
    }

    /** A finished {@link EmbeddedBench} process: what it printed and its peak resident memory. */
    private record Child(String stdout, long peak) {
        String line(String prefix) {
            return stdout.lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b).orElseThrow()
                    .substring(prefix.length()).strip();
        }
    }

    private static Child child(Path hf, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // properties and single-token native-access flags; anything else (agents, debuggers) stays here
            if (a.startsWith("-D") || a.startsWith("--enable-native-access=")
                    || a.startsWith("--sun-misc-unsafe-memory-access=")) {
                cmd.add(a);
            }
        }
        cmd.add("-Dai.djl.offline=true");
        cmd.addAll(CHILD_HEAP);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), EmbeddedBench.class.getName()));
        cmd.addAll(args);
        Path err = Files.createTempFile(hf.getParent(), "embedded", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        long peak = PeakResident.watch(p, 3600);
        String text = stdout.join();
        boolean printed = text.lines().anyMatch(l -> l.startsWith("figures=") || l.startsWith("first-load="));
        if (p.exitValue() != 0 || !printed) {
            String why = Files.readAllLines(err).stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
            throw new IOException("the embedded bench process failed (exit " + p.exitValue() + "): " + why);
        }
        return new Child(text, peak);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
