package org.errata.runtime.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.errata.runtime.gguf.LlamaGguf;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * llama.cpp, reading the GGUF our writer produced, agrees with a naive Java forward pass on the
 * same random weights at every position within 1e-3. Needs {@code scripts/llama-reference.sh}
 * to have built the probe; skips otherwise.
 */
@Tag("reference")
class LlamaCppReferenceTest {

    static final double TOLERANCE = 1e-3;

    @TempDir
    Path dir;

    static Optional<LlamaCppProbe> probe() {
        String root = System.getProperty("errata.repo.root", System.getProperty("user.dir") + "/..");
        return LlamaCppProbe.find(Path.of(root));
    }

    static int[] prompt(int vocab, int length, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) ids[i] = 3 + r.nextInt(vocab - 3);
        return ids;
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        assertThat(a.length).isEqualTo(b.length);
        double max = 0;
        for (int t = 0; t < a.length; t++) {
            assertThat(a[t].length).isEqualTo(b[t].length);
            for (int i = 0; i < a[t].length; i++) max = Math.max(max, Math.abs(a[t][i] - b[t][i]));
        }
        return max;
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama", "qwen2"})
    void llamaCppMatchesTheJavaReference(String architecture) throws IOException {
        Optional<LlamaCppProbe> probe = probe();
        assumeTrue(probe.isPresent(), "llama-probe not built: run scripts/llama-reference.sh");
        LlamaGguf.Shape shape = RandomCheckpoint.shape(architecture, 320, 64, 2, 4, 2, 160);
        RandomCheckpoint ckpt = new RandomCheckpoint(shape, 11, 0.2);
        Path gguf = dir.resolve(architecture + ".gguf");
        ckpt.writeGguf(gguf);
        int[] ids = prompt(shape.vocabSize(), 12, 5);

        float[][] expected = new JavaLlama(ckpt).logits(ids);
        float[][] actual = probe.get().logits(gguf, ids, 1);

        double spread = 0;
        for (float v : expected[ids.length - 1]) spread = Math.max(spread, Math.abs(v));
        assertThat(spread).as("logits are not flat").isGreaterThan(1);
        double diff = maxAbsDiff(actual, expected);
        System.out.printf("llama.cpp vs Java reference, %s: max |diff| %.3e over %d positions x %d logits (last position, logit 0: %.5f)%n",
                architecture, diff, ids.length, shape.vocabSize(), expected[ids.length - 1][0]);
        assertThat(diff).as("max |llama.cpp - java| over %d positions", ids.length)
                .isLessThan(TOLERANCE);
    }
}
