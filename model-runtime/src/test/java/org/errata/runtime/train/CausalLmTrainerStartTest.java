package org.errata.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.djl.LlamaWeights;
import org.junit.jupiter.api.Test;

/** Training that starts from given weights, including a vocabulary that grew at the end. */
class CausalLmTrainerStartTest {

    private static final CausalLmTrainer.LearningRate LR = step -> 1e-3f;

    private static LlamaConfig shape(int vocab) {
        return LlamaConfig.llama(16, 32, 1, 2, 2, vocab, 64, false);
    }

    @Test
    void givenWeightsReplaceTheFreshOnesAndGrownRowsStayFresh() throws Exception {
        Map<String, CausalLmTrainer.Tensor> small;
        try (CausalLmTrainer t = CausalLmTrainer.create(shape(20), 7, LR)) {
            t.step(new int[][] {{1, 5, 6, 7, 2}}, new float[][] {{1, 1, 1, 1}});
            small = t.weights();
        }
        Map<String, CausalLmTrainer.Tensor> freshBig;
        try (CausalLmTrainer t = CausalLmTrainer.create(shape(26), 11, LR)) {
            freshBig = t.weights();
        }
        try (CausalLmTrainer t = CausalLmTrainer.create(shape(26), 11, LR, small)) {
            Map<String, CausalLmTrainer.Tensor> started = t.weights();
            for (String name : small.keySet()) {
                float[] given = small.get(name).data();
                float[] now = started.get(name).data();
                assertThat(Arrays.copyOf(now, given.length)).as(name + ": the given values").containsExactly(given);
                assertThat(Arrays.copyOfRange(now, given.length, now.length)).as(name + ": rows past the given ones, fresh from the seed")
                        .containsExactly(Arrays.copyOfRange(freshBig.get(name).data(), given.length, now.length));
            }
            assertThat(started.get(LlamaWeights.Names.EMBED).shape()).containsExactly(26, 16);
            assertThat(started.get(LlamaWeights.Names.EMBED).data()).isNotEqualTo(freshBig.get(LlamaWeights.Names.EMBED).data());
            double loss = t.step(new int[][] {{1, 5, 24, 25, 2}}, new float[][] {{1, 1, 1, 1}});
            assertThat(loss).isFinite();
        }
    }

    @Test
    void weightsThatDoNotFitAreRefusedByName() throws Exception {
        Map<String, CausalLmTrainer.Tensor> weights;
        try (CausalLmTrainer t = CausalLmTrainer.create(shape(20), 7, LR)) {
            weights = new HashMap<>(t.weights());
        }
        assertThatThrownBy(() -> CausalLmTrainer.create(shape(12), 7, LR, weights))
                .isInstanceOf(ModelException.class) // the vocabulary cannot shrink: embedding or head, whichever comes first
                .hasMessageMatching("starting tensor (model.embed_tokens|lm_head).weight has shape \\[20, 16\\], the model needs \\[12, 16\\]");
        Map<String, CausalLmTrainer.Tensor> extra = new HashMap<>(weights);
        extra.put("model.layers.5.mlp.up_proj.weight", new CausalLmTrainer.Tensor(new long[] {2, 2}, new float[4]));
        assertThatThrownBy(() -> CausalLmTrainer.create(shape(20), 7, LR, extra))
                .isInstanceOf(ModelException.class).hasMessageContaining("model.layers.5.mlp.up_proj.weight");
        Map<String, CausalLmTrainer.Tensor> wrong = new HashMap<>(weights);
        wrong.put("model.norm.weight", new CausalLmTrainer.Tensor(new long[] {8}, new float[8]));
        assertThatThrownBy(() -> CausalLmTrainer.create(shape(20), 7, LR, wrong))
                .isInstanceOf(ModelException.class).hasMessageContaining("model.norm.weight").hasMessageContaining("needs [16]");
    }

    @Test
    void aStepWhoseLossIsNotFiniteLeavesTheWeightsAsTheyWere() throws Exception {
        Map<String, CausalLmTrainer.Tensor> weights;
        try (CausalLmTrainer t = CausalLmTrainer.create(shape(20), 7, LR)) {
            weights = new HashMap<>(t.weights());
        }
        // an output head this large overflows the logits to infinity, so the loss is NaN
        float[] huge = new float[20 * 16];
        Arrays.fill(huge, 3e38f);
        weights.put(LlamaWeights.Names.LM_HEAD, new CausalLmTrainer.Tensor(new long[] {20, 16}, huge));
        try (CausalLmTrainer t = CausalLmTrainer.create(shape(20), 7, LR, weights)) {
            Map<String, CausalLmTrainer.Tensor> before = t.weights();
            double loss = t.step(new int[][] {{1, 5, 6, 7, 2}}, new float[][] {{1, 1, 1, 1}});
            assertThat(loss).isNaN();
            assertThat(t.skippedSteps()).isEqualTo(1);
            Map<String, CausalLmTrainer.Tensor> after = t.weights();
            for (String name : before.keySet()) {
                assertThat(after.get(name).data()).as(name).containsExactly(before.get(name).data());
            }
        }
        try (CausalLmTrainer t = CausalLmTrainer.create(shape(20), 7, LR)) {
            assertThat(t.step(new int[][] {{1, 5, 6, 7, 2}}, new float[][] {{1, 1, 1, 1}})).isFinite();
            assertThat(t.skippedSteps()).isZero();
            assertThat(t.lastGradientNorm()).isPositive().isFinite();
        }
    }
}
