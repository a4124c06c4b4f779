package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoding step against the plain forward pass: after a prefill, each new token's logits
 * equal the last position of {@link LlamaForward#forward} over the whole sequence, for two rows
 * decoded together, with grouped-query attention (Llama) and Q/K/V biases (Qwen2), and with a
 * masked column.
 */
class DecodeStepTest {

    @TempDir
    Path dir;

    private static final int[][] ROWS = {
        {1, 40, 77, 120, 9, 200, 33, 150, 60, 61},
        {1, 7, 8, 99, 101, 5, 6, 70, 71, 3}};
    private static final int PROMPT = 5;

    @Test
    void llamaStepsEqualTheFullForwardPass() throws Exception {
        assertStepsMatch(TinyModels.llama(dir), false);
    }

    @Test
    void qwenStepsEqualTheFullForwardPass() throws Exception {
        assertStepsMatch(TinyModels.qwen(dir), false);
    }

    @Test
    void aMaskedColumnIsIgnored() throws Exception {
        assertStepsMatch(TinyModels.llama(dir), true);
    }

    /**
     * A model whose qkv, gate/up, down and head products are large enough to be computed in two halves
     * on two threads ({@link DecodeStep#threadsFor}: at least 1M multiply-adds): the steps still equal
     * the forward pass, and the second thread did run.
     */
    @Test
    void stepsWithProductsInHalvesEqualTheFullForwardPass() throws Exception {
        Path folder = dir.resolve("halves");
        RandomModelWriter.write(folder, LlamaConfig.llama(512, 2048, 2, 8, 4, 2048, 512, true), 13, 0.05,
                org.errata.runtime.safetensors.DType.F32);
        long before = SecondThread.tasksRun();
        assertStepsMatch(folder, false);
        // per step: qkv, gate/up and down in each of 2 layers, and the head
        assertThat(SecondThread.tasksRun() - before).isEqualTo(7L * (ROWS[0].length - PROMPT));
    }

    /**
     * With {@code maskFirst}, row 1's cache gets a junk column 0 (its real tokens start at column 1)
     * and row 0 a junk column after its prompt; the mask hides both, and the logits must still equal
     * the forward pass over each row's real tokens.
     */
    private static void assertStepsMatch(Path folder, boolean maskFirst) throws Exception {
        DjlEngine.ensureStarted(1);
        LlamaConfig c = LlamaConfig.read(folder.resolve("config.json"));
        try (NDManager m = NDManager.newBaseManager(); SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(folder)) {
            LlamaWeights w = LlamaWeights.load(c, ck, m, DataType.FLOAT32);
            DecodeStep decoder = new DecodeStep(w, m);
            int offset = maskFirst ? 1 : 0;
            KvArrays batch = new KvArrays(m, c.numLayers());
            // prefill each row alone, then stack them with spare columns (and, for row 1, a junk first column)
            NDList keys = new NDList();
            NDList values = new NDList();
            for (int r = 0; r < ROWS.length; r++) {
                KvArrays kv = new KvArrays(m, c.numLayers());
                long[] ids = new long[PROMPT];
                for (int i = 0; i < PROMPT; i++) {
                    ids[i] = ROWS[r][i];
                }
                NDList rope = LlamaForward.ropeTables(m, c, LlamaForward.positions(1, PROMPT, 0), DataType.FLOAT32);
                LlamaForward.forward(w, m.create(ids, new Shape(1, PROMPT)), rope.get(0), rope.get(1),
                        LlamaForward.causalMask(m, PROMPT, 0, DataType.FLOAT32), kv, true);
                for (int l = 0; l < c.numLayers(); l++) {
                    keys.add(place(m, kv.keys[l], r == 1 ? offset : 0, c));
                    values.add(place(m, kv.values[l], r == 1 ? offset : 0, c));
                }
            }
            int layers = c.numLayers();
            for (int l = 0; l < layers; l++) {
                batch.store(l, keys.get(l).concat(keys.get(layers + l), 0), values.get(l).concat(values.get(layers + l), 0));
            }
            batch.setLength(PROMPT + offset);
            double maxDiff = 0;
            for (int t = PROMPT; t < ROWS[0].length; t++) {
                int column = t + offset;
                long[] ids = {ROWS[0][t], ROWS[1][t]};
                int[] positions = {t, t};
                float[] mask = null;
                if (maskFirst) {
                    // row 0 never wrote column PROMPT (its tokens sit one column left of row 1's); row 1's column 0 is junk
                    mask = new float[2 * (column + 1)];
                    mask[PROMPT] = Float.NEGATIVE_INFINITY;
                    mask[column + 1] = Float.NEGATIVE_INFINITY;
                }
                float[] got;
                try (NDManager step = m.newSubManager()) {
                    got = decoder.logits(step, batch, column, ids, positions, mask, 2).floats(null);
                }
                batch.setLength(column + 1);
                for (int r = 0; r < 2; r++) {
                    long[] seq = new long[t + 1];
                    for (int i = 0; i <= t; i++) {
                        seq[i] = ROWS[r][i];
                    }
                    float[] full = LlamaForward.forward(w, m.create(seq, new Shape(1, t + 1))).toFloatArray();
                    int v = c.vocabSize();
                    for (int i = 0; i < v; i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(got[r * v + i] - full[t * v + i]));
                    }
                }
            }
            assertThat(maxDiff).isLessThan(1e-4);
        }
    }

    /** {@code [1, Hkv, T, hd]} placed at column {@code at} of {@code [1, Hkv, T + 8, hd]} (zeros elsewhere). */
    private static NDArray place(NDManager m, NDArray kv, int at, LlamaConfig c) {
        long t = kv.getShape().get(2);
        NDArray out = m.zeros(new Shape(1, c.numKvHeads(), t + 8, c.headDim()));
        out.set(new ai.djl.ndarray.index.NDIndex(":, :, " + at + ":" + (at + t)), kv);
        return out;
    }
}
