package org.errata.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.gguf.LlamaGguf;
import org.errata.runtime.reference.LlamaCppProbe;
import org.errata.runtime.reference.RandomCheckpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code errata bench runtime}: prefill and decode speed of the embedded backend beside llama.cpp
 * on the same random weights (written as safetensors and as GGUF to a temporary folder that is
 * deleted afterwards): a tiny model and a ~134M-parameter one, single-stream and 32 requests
 * batched. The last line is the single-stream decode ratio embedded / llama.cpp on the larger model.
 */
@Command(name = "runtime", mixinStandardHelpOptions = true,
        description = "Embedded backend vs llama.cpp: prefill and decode tokens/s on random weights.")
public final class RuntimeBenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Only the tiny model, shorter runs.")
    boolean quick;

    @Option(names = "--sizes", arity = "0..1", fallbackValue = "all", paramLabel = "SHAPES",
            description = "Published shapes instead (bf16 weights, each engine in its own process, peak memory "
                    + "and load time): all, or some of qwen2.5-0.5b,qwen2.5-1.5b,llama-3.2-1b.")
    String sizes;

    @Option(names = "--device", paramLabel = "auto|cpu|cuda",
            description = "Where the embedded backend runs (default: ${DEFAULT-VALUE}); llama.cpp stays on the CPU.")
    String device = "cpu";

    @Option(names = "--threads", description = "CPU threads for both engines (default: ${DEFAULT-VALUE}).")
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());

    @Option(names = "--batch", description = "Requests decoded together in the batched run (default: ${DEFAULT-VALUE}).")
    int batch = 32;

    @Option(names = "--prompt-tokens", description = "Prompt length for prefill (default: ${DEFAULT-VALUE}).")
    int promptTokens = 128;

    @Option(names = "--decode-tokens", description = "Tokens decoded per request (default: ${DEFAULT-VALUE}).")
    int decodeTokens = 128;

    @Option(names = "--work-dir", description = "Where the random weights are written (default: the system temp folder).")
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"));

    /** One benchmark model. */
    record Size(String label, LlamaGguf.Shape shape) {}

    /** Figures for one engine on one model; NaN where not measured. */
    record Row(String model, long parameters, String engine, double prefill, double decode, double batched) {}

    /** Opens the embedded backend on a Hugging Face folder; empty when this build has none. */
    @FunctionalInterface
    interface EmbeddedOpener {
        Optional<LanguageModel> open(Path folder, int threads) throws ModelException;
    }

    private final EmbeddedOpener embedded;
    private final java.util.function.Function<String, SizesBench.EmbeddedProcess> sizesProcess;

    public RuntimeBenchCommand() {
        this.embedded = (folder, threads) -> Optional.of(org.errata.runtime.api.LanguageModels.open(folder.toString(),
                EmbeddedBench.options(folder, threads, device)));
        this.sizesProcess = SizesBench::childJvm;
    }

    RuntimeBenchCommand(EmbeddedOpener embedded) {
        this.embedded = embedded;
        this.sizesProcess = SizesBench::childJvm;
    }

    static List<Size> sizes(boolean quick) {
        List<Size> sizes = new ArrayList<>();
        sizes.add(new Size("tiny", RandomCheckpoint.shape("llama", 512, 256, 4, 4, 4, 768)));
        if (!quick) sizes.add(new Size("~100M", RandomCheckpoint.shape("llama", 32000, 768, 12, 12, 12, 2048)));
        return sizes;
    }

    @Override
    public Integer call() throws Exception {
        if (!List.of("auto", "cpu", "cuda").contains(device.strip().toLowerCase(Locale.ROOT))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--device takes auto, cpu or cuda, not '" + device + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        int prompt = quick ? Math.min(promptTokens, 64) : promptTokens;
        int decode = quick ? Math.min(decodeTokens, 64) : decodeTokens;
        Path root = Path.of(System.getProperty("errata.home", "."));
        Optional<LlamaCppProbe> llama = LlamaCppProbe.find(root);
        if (sizes != null) {
            List<org.errata.runtime.reference.PublishedShape> shapes;
            try {
                shapes = SizesBench.select(sizes);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--sizes: " + e.getMessage());
            }
            new SizesBench(out, workDir, llama, sizesProcess.apply(device)).run(shapes, threads, prompt, decode, batch);
            return 0;
        }
        if (llama.isEmpty()) {
            out.println("llama.cpp: not installed; run scripts/llama-reference.sh (npm + a C compiler) for the reference columns.");
        }
        out.printf(Locale.ROOT, "threads %d, prompt %d tokens, decode %d tokens, batch %d; random f32 weights; embedded on %s%n",
                threads, prompt, decode, batch, device);
        out.flush();
        List<Row> rows = new ArrayList<>();
        for (Size size : sizes(quick)) {
            Path dir = Files.createTempDirectory(workDir, "errata-bench-");
            try {
                RandomCheckpoint ckpt = new RandomCheckpoint(size.shape(), 1234, 0.2);
                Path hf = dir.resolve("hf");
                ckpt.writeHuggingFace(hf);
                Path gguf = dir.resolve("model.gguf");
                ckpt.writeGguf(gguf);
                if (llama.isPresent()) {
                    LlamaCppProbe.Speeds s = llama.get().bench(gguf, threads, prompt, decode, batch);
                    rows.add(new Row(size.label(), ckpt.parameters(), "llama.cpp", s.prefillTokensPerSecond(),
                            s.decodeTokensPerSecond(), s.batchedTokensPerSecond()));
                    print(out, rows.get(rows.size() - 1), rows.size() == 1);
                }
                Optional<Row> row = EmbeddedBench.run(embedded, hf, size, ckpt.parameters(), threads, prompt, decode, batch);
                if (row.isPresent()) {
                    rows.add(row.get());
                    print(out, row.get(), rows.size() == 1);
                } else {
                    out.println("embedded backend: not available in this build");
                }
            } finally {
                deleteTree(dir);
            }
        }
        out.println(ratioLine(rows));
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, Row r, boolean header) {
        if (header) {
            out.printf(Locale.ROOT, "%-7s %8s  %-9s %14s %13s %18s%n", "model", "params", "engine",
                    "prefill tok/s", "decode tok/s", "batched tok/s");
        }
        out.printf(Locale.ROOT, "%-7s %7.1fM  %-9s %14.1f %13.1f %18.1f%n", r.model(), r.parameters() / 1e6,
                r.engine(), r.prefill(), r.decode(), r.batched());
        out.flush();
    }

    /** The last line: embedded / llama.cpp single-stream decode on the largest model measured by both. */
    static String ratioLine(List<Row> rows) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            Row r = rows.get(i);
            if (r.engine().equals("llama.cpp")) continue;
            Optional<Row> ref = rows.stream()
                    .filter(x -> x.engine().equals("llama.cpp") && x.model().equals(r.model())).findFirst();
            if (ref.isPresent()) {
                return String.format(Locale.ROOT, "ratio %s/llama.cpp single-stream decode on %s: %.2fx (batched: %.2fx)",
                        r.engine(), r.model(), r.decode() / ref.get().decode(), r.batched() / ref.get().batched());
            }
        }
        return "ratio: n/a (needs both the embedded backend and llama.cpp)";
    }

    /** A prompt of {@code n} word-level tokens of the random model's vocabulary, reproducible. */
    static String prompt(int vocab, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " ").append(LlamaGguf.placeholderToken(3 + r.nextInt(vocab - 3)));
        return sb.toString();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
