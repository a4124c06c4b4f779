package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.errata.runtime.safetensors.DType;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.errata.runtime.safetensors.SafetensorsWriter;
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

    /**
     * Weights shipped as bf16 (as Qwen2.5 and Llama 3.2 are) are converted to f32 on load: the
     * logits equal, bit for bit, those of an f32 file holding the same (bf16-rounded) values.
     */
    @Test
    void bf16WeightsConvertedOnLoadGiveTheLogitsOfTheSameValuesInF32() throws Exception {
        LlamaConfig c = TinyModels.llamaConfig();
        Path f32 = dir.resolve("f32");
        Path bf16 = dir.resolve("bf16");
        Path rounded = dir.resolve("rounded");
        RandomModelWriter.write(f32, c, 31, 0.2, DType.F32);
        RandomModelWriter.write(bf16, c, 31, 0.2, DType.BF16);
        java.nio.file.Files.createDirectories(rounded);
        java.nio.file.Files.copy(f32.resolve("config.json"), rounded.resolve("config.json"));
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(f32)) {
            for (String name : LlamaWeights.Names.all(c)) {
                float[] v = ck.readFloats(name);
                for (int i = 0; i < v.length; i++) {
                    // round to nearest even on the upper 16 bits, written out here on purpose
                    int bits = Float.floatToRawIntBits(v[i]);
                    v[i] = Float.intBitsToFloat(((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) << 16);
                }
                w.add(name, DType.F32, LlamaWeights.Names.shape(c, name), v);
            }
        }
        w.write(rounded.resolve("model.safetensors"));
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(bf16)) {
            assertThat(ck.require(LlamaWeights.Names.EMBED).dtype()).isEqualTo(DType.BF16);
        }
        float[] fromBf16 = logits(bf16);
        assertThat(fromBf16).containsExactly(logits(rounded));
        assertThat(fromBf16).as("rounding to bf16 moves the logits").isNotEqualTo(logits(f32));
    }

    private static float[] logits(Path folder) throws Exception {
        DjlEngine.ensureStarted(1);
        LlamaConfig c = LlamaConfig.read(folder.resolve("config.json"));
        try (NDManager m = NDManager.newBaseManager();
                SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(folder)) {
            LlamaWeights w = LlamaWeights.load(c, ck, m, DataType.FLOAT32);
            long[] ids = {1, 40, 77, 120, 9, 200, 33};
            return LlamaForward.forward(w, m.create(ids, new Shape(1, ids.length))).toFloatArray();
        }
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
