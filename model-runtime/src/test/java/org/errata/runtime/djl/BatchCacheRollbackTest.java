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
 * A verification step writes a draft's keys and values; rolling back the rejected ones must leave
 * exactly what a cold prefill of the accepted tokens computes, and decoding on from there must
 * give the cold forward pass's logits.
 */
class BatchCacheRollbackTest {

    @TempDir
    Path dir;

    private static final int[] PROMPT = {5, 9, 14, 3, 22, 7, 31, 8};
    /** The pending token, then a draft of four. */
    private static final int[] FED = {12, 40, 41, 6, 19};
    private static final int KEPT = 3;
    private static final int NEXT = 27;

    @Test
    void llamaRollbackEqualsAColdRecomputation() throws Exception {
        assertRollback(TinyModels.llama(dir), 1);
    }

    @Test
    void qwenRollbackEqualsAColdRecomputationInABatchOfTwo() throws Exception {
        assertRollback(TinyModels.qwen(dir), 2);
    }

    private static void assertRollback(Path folder, int rows) throws Exception {
        DjlEngine.ensureStarted(1);
        LlamaConfig c = LlamaConfig.read(folder.resolve("config.json"));
        try (NDManager m = NDManager.newBaseManager(); SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(folder)) {
            LlamaWeights w = LlamaWeights.load(c, ck, m, DataType.FLOAT32);
            DecodeStep decoder = new DecodeStep(w, m);
            BatchCache batch = new BatchCache(m, c, DataType.FLOAT32);
            try (KvArrays prompt = prefill(m, w, c, PROMPT)) {
                batch.join(prompt, rows);
            }
            int t = FED.length;
            long[] ids = new long[rows * t];
            int[] positions = new int[rows * t];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < t; i++) {
                    ids[r * t + i] = FED[i];
                    positions[r * t + i] = PROMPT.length + i;
                }
            }
            batch.reserve(t);
            try (NDManager step = m.newSubManager()) {
                decoder.logits(step, batch.storage(), batch.width(), t, ids, positions, batch.mask(t), 1);
            }
            int[] kept = new int[rows];
            java.util.Arrays.fill(kept, KEPT);
            if (rows > 1) {
                kept[1] = 1; // the second row rejects the whole draft: its columns past the first are holes
            }
            batch.commit(t, kept);
            assertThat(batch.width()).isEqualTo(PROMPT.length + KEPT);

            int[] accepted = new int[PROMPT.length + KEPT];
            System.arraycopy(PROMPT, 0, accepted, 0, PROMPT.length);
            System.arraycopy(FED, 0, accepted, PROMPT.length, KEPT);
            double diff = 0;
            try (KvArrays cold = prefill(m, w, c, accepted); KvArrays row = batch.copyRow(0)) {
                for (int l = 0; l < c.numLayers(); l++) {
                    diff = Math.max(diff, maxDiff(row.keys[l], cold.keys[l]));
                    diff = Math.max(diff, maxDiff(row.values[l], cold.values[l]));
                }
            }
            assertThat(diff).as("kept keys and values against a cold prefill").isLessThan(1e-4);
            if (rows > 1) {
                assertThat(batch.tokens(1)).isEqualTo(PROMPT.length + 1);
            }

            // one more token per row: each must see only its own kept tokens
            long[] next = new long[rows];
            int[] nextPos = new int[rows];
            for (int r = 0; r < rows; r++) {
                next[r] = NEXT;
                nextPos[r] = PROMPT.length + kept[r];
            }
            batch.reserve(1);
            float[] got;
            try (NDManager step = m.newSubManager()) {
                got = decoder.logits(step, batch.storage(), batch.width(), 1, next, nextPos,
                        batch.mask(1), 1).floats(null);
            }
            int v = c.vocabSize();
            double logitDiff = 0;
            for (int r = 0; r < rows; r++) {
                int[] seq = new int[PROMPT.length + kept[r] + 1];
                System.arraycopy(PROMPT, 0, seq, 0, PROMPT.length);
                System.arraycopy(FED, 0, seq, PROMPT.length, kept[r]);
                seq[seq.length - 1] = NEXT;
                float[] full = LlamaForward.forward(w, m.create(toLong(seq), new Shape(1, seq.length))).toFloatArray();
                for (int i = 0; i < v; i++) {
                    logitDiff = Math.max(logitDiff, Math.abs(got[r * v + i] - full[(seq.length - 1) * v + i]));
                }
            }
            assertThat(logitDiff).as("logits after the rollback against the full forward pass").isLessThan(1e-4);
            batch.close();
        }
    }

    private static KvArrays prefill(NDManager m, LlamaWeights w, LlamaConfig c, int[] tokens) {
        KvArrays kv = new KvArrays(m, c.numLayers());
        int n = tokens.length;
        NDList rope = LlamaForward.ropeTables(m, c, LlamaForward.positions(1, n, 0), DataType.FLOAT32);
        LlamaForward.forward(w, m.create(toLong(tokens), new Shape(1, n)), rope.get(0), rope.get(1),
                LlamaForward.causalMask(m, n, 0, DataType.FLOAT32), kv, true);
        return kv;
    }

    private static long[] toLong(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    private static double maxDiff(NDArray a, NDArray b) {
        assertThat(a.getShape()).isEqualTo(b.getShape());
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        double d = 0;
        for (int i = 0; i < x.length; i++) {
            d = Math.max(d, Math.abs(x[i] - y[i]));
        }
        return d;
    }
}
