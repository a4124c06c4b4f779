package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.errata.runtime.gguf.LlamaGguf;
import org.errata.runtime.reference.LlamaCppProbe;
import org.errata.runtime.reference.PublishedShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SizesBenchTest {

    @TempDir
    Path work;

    @Test
    void thePublishedShapesHaveTheirModelsParameterCounts() {
        // Qwen2.5-0.5B: 494M parameters, Qwen2.5-1.5B: 1.54B, Llama-3.2-1B: 1.24B (tied embeddings counted once)
        assertThat(SizesBench.select("all")).extracting(PublishedShape::name)
                .containsExactly("qwen2.5-0.5b", "qwen2.5-1.5b", "llama-3.2-1b");
        assertThat(params("qwen2.5-0.5b")).isBetween(493_000_000L, 495_000_000L);
        assertThat(params("qwen2.5-1.5b")).isBetween(1_543_000_000L, 1_544_000_000L);
        assertThat(params("llama-3.2-1b")).isBetween(1_235_000_000L, 1_236_000_000L);
        assertThat(SizesBench.select(" LLAMA-3.2-1b,qwen2.5-0.5b")).extracting(PublishedShape::name)
                .containsExactly("llama-3.2-1b", "qwen2.5-0.5b");
        assertThatThrownBy(() -> SizesBench.select("qwen2.5-7b")).hasMessageContaining("unknown shape 'qwen2.5-7b'");
    }

    private static long params(String name) {
        return new org.errata.runtime.reference.RandomCheckpoint(SizesBench.select(name).get(0).shape(), 1, 0.02)
                .parameters();
    }

    @Test
    void ratiosAndTheLastLineReadTheEmbeddedRowAgainstLlamaCppF32() {
        List<SizesBench.Figures> rows = List.of(
                new SizesBench.Figures("llama-3.2-1b", 1_236_000_000L, "djl bf16", 40, 8, 36, 2.5, 9.5, 6L << 30),
                new SizesBench.Figures("llama-3.2-1b", 1_236_000_000L, "llama.cpp f32", 50, 10, 60, 0.1, Double.NaN, 5L << 30),
                new SizesBench.Figures("llama-3.2-1b", 1_236_000_000L, "llama.cpp f16", 45, 16, 70, 0.1, Double.NaN, -1));
        assertThat(SizesBench.ratios(rows, 4L << 30)).isEqualTo("  llama-3.2-1b ratios: batch/single 4.50x, decode "
                + "0.80x llama.cpp f32, prefill 0.80x, mem djl bf16 1.50x, mem llama.cpp f32 1.25x of the f32 weight "
                + "bytes (4.00 GiB)");
        assertThat(SizesBench.lastLine(rows)).isEqualTo("1B decode ratio (llama-3.2-1b, embedded/llama.cpp f32): 0.80x");
        assertThat(SizesBench.lastLine(rows.subList(0, 1))).endsWith("n/a (needs both engines on that shape)");
    }

    /**
     * The whole path at a scaled-down Llama 3 shape (same code, small widths): bf16 weights written,
     * the real embedded backend measured in a child JVM with its peak memory, llama.cpp on GGUF f32
     * and f16 where the probe is built, and nothing left on disk.
     */
    @Test
    void aScaledDownShapeRunsThroughChildProcessesAndLeavesNothingBehind() throws Exception {
        PublishedShape small = new PublishedShape(SizesBench.ONE_B,
                new LlamaGguf.Shape("llama", 512, 64, 128, 2, 4, 2, 2048, 1e-5, 500_000, true), true);
        Optional<LlamaCppProbe> llama = LlamaCppProbe.find(Path.of("..").toAbsolutePath().normalize());
        StringWriter text = new StringWriter();
        List<SizesBench.Figures> rows = new SizesBench(new PrintWriter(text), work, llama, SizesBench.childJvm("cpu", 16))
                .run(List.of(small), 1, 8, 8, 4);
        String out = text.toString();
        assertThat(rows).hasSize(llama.isPresent() ? 3 : 1);
        SizesBench.Figures embedded = rows.get(0);
        assertThat(embedded.engine()).isEqualTo("djl bf16");
        assertThat(embedded.decode()).isPositive();
        assertThat(embedded.prefill()).isPositive();
        assertThat(embedded.batched()).isPositive();
        assertThat(embedded.loadSeconds()).isPositive();
        assertThat(embedded.firstLoadSeconds()).as("measured in a process of its own").isPositive();
        assertThat(embedded.peakBytes()).as("a JVM with the engine loaded").isGreaterThan(50L << 20);
        if (llama.isPresent()) {
            assertThat(rows.get(1).engine()).isEqualTo("llama.cpp f32");
            assertThat(rows.get(2).engine()).isEqualTo("llama.cpp f16");
            assertThat(rows.get(1).peakBytes()).isPositive();
            assertThat(rows.get(1).loadSeconds()).isPositive();
            assertThat(out.strip().lines().reduce((a, b) -> b).orElseThrow()).matches("1B decode ratio .*: \\d+\\.\\d\\dx");
        } else {
            assertThat(out).contains("llama.cpp: not installed");
        }
        assertThat(out).contains("load average: ").contains("llama-3.2-1b ratios: batch/single").contains("1st load s");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left).as("weights and GGUF files are deleted").isEmpty();
        }
    }
}
