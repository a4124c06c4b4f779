package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.errata.runtime.safetensors.DType;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TensorReader} gives the values of the Java conversion ({@code readFloats}) bit for bit,
 * whatever the stored type and however the chunks fall.
 */
class TensorReaderTest {

    @TempDir
    Path dir;

    private static final String Q = LlamaWeights.Names.layer(0, "self_attn.q_proj.weight");
    private static final String K = LlamaWeights.Names.layer(0, "self_attn.k_proj.weight");
    private static final String V = LlamaWeights.Names.layer(0, "self_attn.v_proj.weight");

    /** Chunks of 8 and 24 bytes split rows and elements' neighbours; 1 MiB holds each tensor whole. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16"})
    void everyTensorReadsAsTheJavaConversionGivesIt(DType dtype) throws Exception {
        LlamaConfig c = TinyModels.qwenConfig();
        RandomModelWriter.write(dir, c, 5, 0.3, dtype);
        DjlEngine.ensureStarted(1);
        try (NDManager m = NDManager.newBaseManager(); SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(dir)) {
            for (int chunk : new int[] {8, 24, 1 << 20}) {
                try (TensorReader in = new TensorReader(ck, m, DataType.FLOAT32, chunk)) {
                    for (String name : LlamaWeights.Names.all(c)) {
                        NDArray a = in.read(name);
                        assertThat(a.getDataType()).isEqualTo(DataType.FLOAT32);
                        assertThat(a.getShape()).isEqualTo(new Shape(LlamaWeights.Names.shape(c, name)));
                        assertThat(a.toFloatArray()).as("%s, %s, chunk %d", name, dtype, chunk)
                                .containsExactly(ck.readFloats(name));
                        a.close();
                    }
                }
            }
        }
    }

    /** q, k and v read into the columns of one [D, q+k+v] array: the transpose of them stacked. */
    @ParameterizedTest
    @ValueSource(ints = {8, 40, 1 << 20})
    void projectionsReadStraightIntoTransposedColumns(int chunk) throws Exception {
        LlamaConfig c = TinyModels.qwenConfig();
        RandomModelWriter.write(dir, c, 6, 0.3, DType.BF16);
        DjlEngine.ensureStarted(1);
        try (NDManager m = NDManager.newBaseManager(); SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(dir);
                TensorReader in = new TensorReader(ck, m, DataType.FLOAT32, chunk)) {
            NDArray t = in.stacked(true, Q, K, V);
            long d = c.hiddenSize();
            long out = c.qDim() + 2L * c.kvDim();
            assertThat(t.getShape()).isEqualTo(new Shape(d, out));
            float[] got = t.toFloatArray();
            float[][] parts = {ck.readFloats(Q), ck.readFloats(K), ck.readFloats(V)};
            long row = 0;
            for (float[] p : parts) {
                long rows = p.length / d;
                for (long r = 0; r < rows; r++) {
                    for (long i = 0; i < d; i++) {
                        assertThat(got[(int) (i * out + row + r)]).isEqualTo(p[(int) (r * d + i)]);
                    }
                }
                row += rows;
            }
        }
    }

    /** Whole models loaded with tiny chunks and with the default give the same logits, bit for bit. */
    @Test
    void chunkSizeDoesNotChangeTheLogits() throws Exception {
        for (LlamaConfig c : new LlamaConfig[] {TinyModels.llamaConfig(), TinyModels.qwenConfig()}) {
            Path folder = dir.resolve(c.architecture());
            RandomModelWriter.write(folder, c, 7, 0.2, DType.BF16);
            assertThat(logits(folder, c, 40)).containsExactly(logits(folder, c, TensorReader.CHUNK));
        }
    }

    private static float[] logits(Path folder, LlamaConfig c, int chunk) throws Exception {
        DjlEngine.ensureStarted(1);
        try (NDManager m = NDManager.newBaseManager(); SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(folder);
                TensorReader in = new TensorReader(ck, m, DataType.FLOAT32, chunk)) {
            LlamaWeights w = LlamaWeights.load(c, in, m, DataType.FLOAT32);
            long[] ids = {1, 40, 77, 120, 9, 200, 33};
            return LlamaForward.forward(w, m.create(ids, new Shape(1, ids.length))).toFloatArray();
        }
    }
}
