package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaForwardTest {

    @TempDir
    Path dir;

    @Test
    void llamaLogitsMatchTheNaiveReference() throws Exception {
        assertMatchesReference(TinyModels.llama(dir));
    }

    @Test
    void qwenLogitsWithBiasAndTiedHeadMatchTheNaiveReference() throws Exception {
        assertMatchesReference(TinyModels.qwen(dir));
    }

    private static void assertMatchesReference(Path folder) throws Exception {
        int[] tokens = {1, 40, 77, 120, 9, 200, 33, 150, 60, 61, 250};
        float[][] expected = new ReferenceLlama(folder).logits(tokens);
        DjlEngine.ensureStarted(1);
        LlamaConfig c = LlamaConfig.read(folder.resolve("config.json"));
        try (NDManager m = NDManager.newBaseManager();
                SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(folder)) {
            LlamaWeights w = LlamaWeights.load(c, ck, m, DataType.FLOAT32);
            long[] ids = new long[tokens.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = tokens[i];
            }
            NDArray logits = LlamaForward.forward(w, m.create(ids, new Shape(1, ids.length)));
            assertThat(logits.getShape()).isEqualTo(new Shape(1, tokens.length, c.vocabSize()));
            float[] got = logits.toFloatArray();
            double maxDiff = 0;
            double maxAbs = 0;
            for (int t = 0; t < tokens.length; t++) {
                for (int v = 0; v < c.vocabSize(); v++) {
                    maxDiff = Math.max(maxDiff, Math.abs(got[t * c.vocabSize() + v] - expected[t][v]));
                    maxAbs = Math.max(maxAbs, Math.abs(expected[t][v]));
                }
            }
            assertThat(maxAbs).as("logits are not flat").isGreaterThan(0.5);
            assertThat(maxDiff).isLessThan(1e-4);
        }
    }
}
