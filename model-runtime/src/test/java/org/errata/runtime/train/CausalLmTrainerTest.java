package org.errata.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.safetensors.SafetensorsFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CausalLmTrainerTest {

    private static final LlamaConfig TINY = LlamaConfig.llama(16, 32, 1, 2, 2, 12, 64, false);
    /** Two sequences to memorise: a counting pattern, and a shorter one (ragged batch). */
    private static final int[][] IDS = {{1, 3, 4, 5, 6, 7, 8, 9, 10, 2}, {1, 11, 10, 9, 8, 2}};
    private static final float[][] WEIGHTS = {{0, 1, 1, 1, 1, 1, 1, 1, 1, 0}, {0, 1, 1, 1, 1, 0}};

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        CausalLmTrainer.configureThreads(1);
    }

    private static double[] run(long seed, int steps, Map<String, CausalLmTrainer.Tensor>[] out) throws Exception {
        double[] losses = new double[steps];
        try (CausalLmTrainer t = CausalLmTrainer.create(TINY, seed, s -> 1e-2f)) {
            for (int i = 0; i < steps; i++) {
                losses[i] = t.step(IDS, WEIGHTS);
            }
            assertThat(t.steps()).isEqualTo(steps);
            out[0] = t.weights();
        }
        return losses;
    }

    @Test
    @SuppressWarnings("unchecked")
    void learnsAFixedBatchAndTheSameSeedGivesTheSameWeights() throws Exception {
        Map<String, CausalLmTrainer.Tensor>[] a = new Map[1];
        Map<String, CausalLmTrainer.Tensor>[] b = new Map[1];
        Map<String, CausalLmTrainer.Tensor>[] c = new Map[1];
        double[] la = run(7, 60, a);
        assertThat(la[0]).isGreaterThan(Math.log(12) * 0.8);
        assertThat(la[59]).isLessThan(la[0] / 4);
        double[] lb = run(7, 60, b);
        run(8, 60, c);
        // The same seed reproduces the training up to float rounding: PyTorch's CPU kernels may sum in an
        // order that depends on where a tensor lies in memory, so bit-identity is not promised, closeness is.
        // Measured: the losses of two runs differ by 0 in most runs and by up to 1.5e-3 (CI, 2026-12-07,
        // around step 25 where the loss falls fastest); the first step, before any update, is exact.
        String q = "model.layers.0.self_attn.q_proj.weight";
        float[] wa = a[0].get(q).data();
        float[] wb = b[0].get(q).data();
        float[] wc = c[0].get(q).data();
        System.out.printf("same seed: max |diff| %.2e (losses %.2e); another seed: %.2e%n",
                maxAbsDiff(wa, wb), maxAbsDiff(la, lb), maxAbsDiff(wa, wc));
        assertThat(lb[0]).isEqualTo(la[0]);
        assertThat(lb).containsExactly(la, org.assertj.core.data.Offset.offset(1e-2));
        // Measured: 0 in most runs, and in about one run of four 1e-6 to 1.2e-3 after these 60 steps
        // (also at 556055c, before MKL's processor-specific kernels; the cause was not found: weights
        // copied into engine-allocated memory did not change it). Since each step frees every array it
        // makes (the squared gradients were kept before, so memory was never reused): 0 in 22 runs of 24,
        // 0.027 and 0.037 in two (2026-12-07, one thread, a training beside it; 0 in six of six with the
        // old line), their losses still within 1e-2. Where the engine places a step's arrays changes the
        // last bits of its sums, and 60 steps at a rate of 1e-2 grow them. Another seed is 0.38 away (0.43
        // in one run).
        assertThat(maxAbsDiff(wa, wb)).as("same seed").isLessThan(0.1);
        assertThat(maxAbsDiff(wa, wc)).as("another seed").isGreaterThan(0.2);
        assertThat(a[0].get(q).shape()).containsExactly(16, 16);
        assertThat(a[0]).containsKeys("model.embed_tokens.weight", "model.norm.weight", "lm_head.weight");
    }

    @Test
    void savesReadableSafetensorsAndRejectsBadBatches() throws Exception {
        try (CausalLmTrainer t = CausalLmTrainer.create(TINY, 1, s -> 1e-3f)) {
            t.step(IDS, WEIGHTS);
            Path file = dir.resolve("model.safetensors");
            t.save(file);
            float[] saved;
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                saved = f.readFloats("lm_head.weight");
            }
            assertThat(saved).containsExactly(t.weights().get("lm_head.weight").data());
            assertThatThrownBy(() -> t.step(IDS, new float[][] {{0, 0}, {0}})).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> t.step(IDS, new float[1][])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aStepLeavesNoArrayBehind() throws Exception {
        try (CausalLmTrainer t = CausalLmTrainer.create(TINY, 1, s -> 1e-3f)) {
            t.step(IDS, WEIGHTS); // the optimiser's state is made by the first update
            int held = t.liveArrays();
            for (int i = 0; i < 5; i++) t.step(IDS, WEIGHTS);
            assertThat(t.liveArrays()).as("arrays held after six steps, against one").isEqualTo(held);
        }
    }

    @Test
    void aStepWithANonFiniteGradientIsSkippedAndTheNextOneTrains() throws Exception {
        // infinite loss weights make the loss and every gradient NaN (infinity over infinity), as an overflow would
        float[][] huge = {new float[IDS[0].length], new float[IDS[1].length]};
        for (float[] row : huge) java.util.Arrays.fill(row, Float.POSITIVE_INFINITY);
        try (CausalLmTrainer t = CausalLmTrainer.create(TINY, 1, s -> 1e-2f)) {
            t.step(IDS, huge);
            assertThat(t.skippedSteps()).as("the step with infinite weights").isEqualTo(1);
            float[] before = t.weights().get("lm_head.weight").data();
            for (int i = 0; i < 3; i++) t.step(IDS, WEIGHTS);
            // gradients were once zeroed by multiplying them by 0, which leaves NaN as NaN: every later step was skipped (4)
            assertThat(t.skippedSteps()).as("steps skipped in all, after three with finite weights").isEqualTo(1);
            assertThat(t.lastGradientNorm()).isFinite();
            assertThat(maxAbsDiff(t.weights().get("lm_head.weight").data(), before)).as("the weights moved").isGreaterThan(1e-3);
        }
    }

    private static double maxAbsDiff(double[] x, double[] y) {
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }

    private static double maxAbsDiff(float[] x, float[] y) {
        assertThat(y).hasSameSizeAs(x);
        double m = 0;
        for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
        return m;
    }
}
