package org.errata.runtime.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.jspecify.annotations.Nullable;

/**
 * The decoder for one new token per row, written for few engine calls: it computes the same
 * function as {@link LlamaForward#forward} with a cache (within float rounding) but calls the
 * PyTorch engine directly, without {@code NDIndex} parsing or scalar arrays, and keeps the keys
 * and values in place.
 *
 * <ul>
 *   <li>Keys and values live in {@link KvArrays} storage with spare columns; the new column is
 *       written in place (one slice assignment each) and attention runs over the whole storage
 *       with an additive mask hiding the columns after it (no view to make and free).</li>
 *   <li>RoPE for q and k together is one batched matMul with a per-row rotation matrix
 *       {@code diag(cos) + R diag(sin)} ({@code [B, 1, hd, hd]}, built in Java once per step and
 *       shared by all layers).</li>
 *   <li>Grouped-query attention reshapes q to {@code [B, Hkv, G, hd]} and multiplies against
 *       {@code [B, Hkv, hd, S]}: repeated keys are never materialised.</li>
 *   <li>The residual stream is {@code [B, D]}, so the output and down projections add it as
 *       {@code linear}'s bias (one addmm); the key transpose is a view kept with the storage
 *       ({@link KvArrays#keysTransposed}).</li>
 *   <li>On two or more CPU threads, the qkv, gate/up, down and head products of at least
 *       {@link #PARALLEL_MULTIPLY_ADDS} run in two halves, one on the model thread and one on a
 *       {@link SecondThread} (qkv's two halves of columns, joined; gate beside up; the down projection's two halves of inputs, summed;
 *       the head's two halves of the vocabulary, joined): the engine's BLAS computes a one-row
 *       product on the calling thread alone, whatever its thread setting.</li>
 *   <li>SiLU products, RMSNorm's {@code + eps} and {@code ^-1/2} run in place; with
 *       the norm weights and {@code 1/sqrt(head_dim)} folded into the matrices at load
 *       ({@link LlamaWeights#load}), a norm is only its per-row factor, applied to the product
 *       of the matrix that follows it.</li>
 * </ul>
 *
 * <p>Every call is counted in {@link #engineCalls()} (an engine call that makes an array also
 * costs one more call to free it, counted when the step's manager closes: see
 * {@link #arraysMade()}). Only the model thread uses this class.
 */
final class DecodeStep {

    private static long calls;
    private static long arrays;

    private final LlamaWeights w;
    private final LlamaConfig c;
    private final PtNDArray eps;
    private final PtNDArray minusHalf;
    private final PtNDArray scale;
    /** Per layer, {@code wo} and {@code down} as {@code [out, in]} views for {@code linear} with the residual as bias. */
    private final PtNDArray[] wo;
    private final PtNDArray[] wDown;
    /**
     * Halves of the large products for {@link #second}: per layer the gate and up columns of
     * {@code wGateUpT}, the two halves of the down projection's inputs ({@code [out, in/2]} views),
     * and the head's two halves of the vocabulary. All views of the weights, no copies.
     */
    private final PtNDArray[] wGate;
    private final PtNDArray[] wUp;
    private final PtNDArray[][] wDownHalves;
    private final PtNDArray[] headHalves;
    private final PtNDArray[][] qkvHalves;
    private final long[] downSplit;
    private final SecondThread second = new SecondThread();

    /** Prepares the constants (in {@code manager}, freed with it) for decoding with {@code w}. */
    DecodeStep(LlamaWeights w, NDManager manager) {
        this.w = w;
        this.c = w.config();
        DataType dt = w.embed().getDataType();
        this.eps = (PtNDArray) scalar(manager, (float) c.rmsNormEps(), dt);
        this.minusHalf = (PtNDArray) scalar(manager, -0.5f, dt);
        this.scale = (PtNDArray) scalar(manager, (float) w.layers().get(0).scoreScale(), dt);
        int layers = c.numLayers();
        this.wo = new PtNDArray[layers];
        this.wDown = new PtNDArray[layers];
        this.wGate = new PtNDArray[layers];
        this.wUp = new PtNDArray[layers];
        this.wDownHalves = new PtNDArray[layers][];
        this.qkvHalves = new PtNDArray[layers][];
        long qkvColumns = (long) (c.numHeads() + 2 * c.numKvHeads()) * c.headDim();
        long ffn = c.intermediateSize();
        this.downSplit = new long[] {ffn / 2, ffn - ffn / 2};
        for (int l = 0; l < layers; l++) {
            LlamaWeights.Layer layer = w.layers().get(l);
            wo[l] = JniUtils.transpose((PtNDArray) layer.woT(), 0, 1);
            wo[l].attach(manager);
            wDown[l] = JniUtils.transpose((PtNDArray) layer.wDownT(), 0, 1);
            wDown[l].attach(manager);
            PtNDArray[] gateUp = views(JniUtils.split((PtNDArray) layer.wGateUpT(), new long[] {ffn, ffn}, 1), manager);
            wGate[l] = gateUp[0];
            wUp[l] = gateUp[1];
            wDownHalves[l] = views(JniUtils.split(wDown[l], downSplit, 1), manager);
            qkvHalves[l] = views(JniUtils.split((PtNDArray) layer.wqkvT(),
                    new long[] {qkvColumns / 2, qkvColumns - qkvColumns / 2}, 1), manager);
        }
        long vocab = c.vocabSize();
        this.headHalves = views(JniUtils.split((PtNDArray) w.lmHeadT(), new long[] {vocab / 2, vocab - vocab / 2}, 1),
                manager);
    }

    private static PtNDArray[] views(NDList parts, NDManager manager) {
        PtNDArray[] out = new PtNDArray[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (PtNDArray) parts.get(i);
            out[i].attach(manager);
        }
        return out;
    }

    /**
     * Products in halves on two threads ({@link #halved}); {@code -Derrata.decode.halves=false} turns
     * it off, for comparing the two on one machine ({@code ERRATA_JAVA_OPTS} reaches the benchmark's
     * child process).
     */
    static final boolean HALVES = !"false".equals(System.getProperty("errata.decode.halves"));

    /**
     * Whether a weight product of {@code multiplyAdds} is split in two halves, one on the model
     * thread and one on {@link #second}: on the CPU with at least two threads, from the size at
     * which a piece gets all threads ({@link #threadsFor}).
     */
    private static boolean halved(long multiplyAdds, int threads) {
        return HALVES && threads >= 2 && threadsFor(multiplyAdds, threads) >= 2;
    }

    private static NDArray scalar(NDManager m, float v, DataType dt) {
        NDArray a = m.create(v);
        return dt == DataType.FLOAT32 ? a : a.toType(dt, false);
    }

    /**
     * A piece of a decoding step (one weight product, or the attention over the cache) gets all the
     * engine threads only from this many multiply-adds on; everything else runs on one. On 2 cores
     * the small operations of a step are several times slower on two threads than on one (each wakes
     * the other thread: a 1x256x768 product measured 10 us on one thread and 190 us on two on a busy
     * machine; the attention and element-wise operations of a 134M-parameter step took 2.5x as long),
     * while the large products read their weights nearly twice as fast on two.
     */
    static final long PARALLEL_MULTIPLY_ADDS = 1_000_000;

    /**
     * In a step that checks a draft, a piece needs this many times {@link #PARALLEL_MULTIPLY_ADDS} to
     * run on all threads. Measured with the demo model (dim 128) on the shared 2-core machine under
     * load (load average 4-6): a 17-token check whose attention and gate/up products (1.6M
     * multiply-adds) ran on two threads took 28 ms (median of 200; 10th percentile 2.8 ms), on one
     * 2.7 ms; a one-token step takes about 0.4-0.7 ms.
     */
    static final long VERIFY_PARALLEL_SCALE = 16;

    /** Engine threads for a piece of {@code multiplyAdds} when {@code available} may be used. */
    static int threadsFor(long multiplyAdds, int available) {
        return multiplyAdds < PARALLEL_MULTIPLY_ADDS ? 1 : available;
    }

    /** Multiply-adds of each piece of a decoding step of {@code rows} rows over {@code cap} cached columns. */
    record Work(long qkv, long attention, long out, long gateUp, long down, long head) {
        static Work of(LlamaConfig c, int rows, int cap) {
            long d = c.hiddenSize();
            long q = (long) c.numHeads() * c.headDim();
            long kv = (long) c.numKvHeads() * c.headDim();
            long ffn = c.intermediateSize();
            return new Work(rows * d * (q + 2 * kv), 2L * rows * q * cap, rows * q * d, 2L * rows * d * ffn,
                    rows * ffn * d, rows * d * c.vocabSize());
        }

        /** Every piece's figure divided by {@code f}. */
        Work scaledDown(long f) {
            return new Work(qkv / f, attention / f, out / f, gateUp / f, down / f, head / f);
        }
    }

    /** The thread count this step last set (0: not set by it yet). */
    private int engineThreads;

    /** Sets the engine's threads for the next piece; {@code available} 0 leaves them alone (GPU). */
    private void use(long multiplyAdds, int available) {
        if (available <= 0) {
            return;
        }
        int n = threadsFor(multiplyAdds, available);
        if (n != engineThreads) {
            DjlEngine.useThreads(n);
            engineThreads = n;
        }
    }

    /** Engine calls made by decoding since the program started (a debug figure for benchmarks). */
    static long engineCalls() {
        return calls;
    }

    /** Arrays made by those calls; each is one more engine call when freed. */
    static long arraysMade() {
        return arrays;
    }

    private static PtNDArray made(PtNDArray a) {
        calls++;
        arrays++;
        return a;
    }

    private static void call() {
        calls++;
    }

    /**
     * Logits {@code [B, V]} for token {@code ids[b]} at position {@code positions[b]} of each
     * row, whose keys and values go to column {@code column} of {@code kv} (capacity above
     * {@code column}; the caller advances its length). {@code mask}, when not null, is additive
     * {@code [B * (column + 1)]}. Every temporary belongs to {@code step}. With {@code threads > 0}
     * (CPU) each piece runs on one engine thread or on {@code threads} by its size
     * ({@link #threadsFor}); with 0 the engine's setting is left as it is.
     */
    Logits logits(NDManager step, KvArrays kv, int column, long[] ids, int[] positions, float @Nullable [] mask,
            int threads) {
        int b = ids.length;
        int hq = c.numHeads();
        int hk = c.numKvHeads();
        int hd = c.headDim();
        int g = c.groups();
        int cap = Math.toIntExact(kv.capacity());
        DataType dt = w.embed().getDataType();
        PtNDArray idArray = made((PtNDArray) step.create(ids, new Shape(b)));
        PtNDArray rot = typed(made((PtNDArray) step.create(rotation(positions), new Shape(b, 1, hd, hd))), dt);
        float[] full = storageMask(b, column, cap, mask);
        PtNDArray maskArray = full == null ? null : typed(made((PtNDArray) step.create(full, new Shape(b, 1, 1, cap))), dt);
        PtNDArray x = made(JniUtils.embedding(idArray, (PtNDArray) w.embed(), false));
        long[] rowsHeads = {b, hq + 2L * hk, 1, hd};
        long[] qkSplit = {hq + hk, hk};
        long[] qSplit = {hq, hk};
        long[] qShape = {b, hk, g, hd};
        long[] outShape = {b, (long) hq * hd};
        long[] zero = {0, 0, column, 0};
        long[] one = {b, hk, column + 1L, hd};
        long[] unit = {1, 1, 1, 1};
        Work work = Work.of(c, b, cap);
        // a DJL thread setting survives between calls: the first piece sets it whatever it was
        engineThreads = 0;
        for (int l = 0; l < c.numLayers(); l++) {
            LlamaWeights.Layer layer = w.layers().get(l);
            // attention
            PtNDArray qkv = projectQkv(l, layer, x, work, threads);
            PtNDArray heads = made(JniUtils.reshape(qkv, rowsHeads));
            NDList qkV = split(heads, qkSplit, 1);
            PtNDArray qk = made(JniUtils.matmul((PtNDArray) qkV.get(0), rot));
            NDList qK = split(qk, qSplit, 1);
            PtNDArray q = (PtNDArray) qK.get(0);
            if (g > 1) {
                q = made(JniUtils.reshape(q, qShape));
            }
            PtNDArray keys = (PtNDArray) kv.keys[l];
            PtNDArray values = (PtNDArray) kv.values[l];
            call();
            JniUtils.indexSet(keys, (PtNDArray) qK.get(1), zero, one, unit);
            call();
            JniUtils.indexSet(values, (PtNDArray) qkV.get(1), zero, one, unit);
            // over all of the storage: columns past this one are masked out
            PtNDArray keysT = (PtNDArray) kv.keysTransposed(l, k -> made(JniUtils.transpose((PtNDArray) k, 2, 3)));
            PtNDArray scores = made(JniUtils.matmul(q, keysT));
            if (layer.scoreScale() != 1.0) {
                call();
                JniUtils.muli(scores, scale);
            }
            if (maskArray != null) {
                call();
                JniUtils.addi(scores, maskArray);
            }
            PtNDArray probs = made(JniUtils.softmax(scores, -1, dt));
            PtNDArray attn = made(JniUtils.reshape(made(JniUtils.matmul(probs, values)), outShape));
            x = outputAndMlp(l, layer, attn, x, work, threads);
        }
        return head(x, work, threads);
    }

    /**
     * The logits of the last hidden states {@code x}: the final norm and the output head, in halves
     * when large. The halves are not joined: {@link Logits#floats} reads each into its place, where
     * joining them would make one more array as large as the logits (19 MB a step at 32 rows of the
     * 0.5B shape) and copy them once more.
     */
    private Logits head(PtNDArray x, Work work, int threads) {
        if (!halved(work.head(), threads)) {
            return new Logits(normedMatmul(x, (PtNDArray) w.finalNorm(), (PtNDArray) w.lmHeadT(), work.head(), threads),
                    null);
        }
        use(0, threads);
        PtNDArray y = made(JniUtils.mul(x, rmsFactor(x)));
        if (w.finalNorm() != null) {
            call();
            JniUtils.muli(y, (PtNDArray) w.finalNorm());
        }
        SecondThread.Pair<PtNDArray> halves = second.both(() -> JniUtils.matmul(y, headHalves[0]),
                () -> JniUtils.matmul(y, headHalves[1]));
        return new Logits(made(halves.mine()), made(halves.theirs()));
    }

    /**
     * A step's logits {@code [rows, V]}: one array, or the two halves of the vocabulary that the two
     * threads computed ({@code [rows, V1]} and {@code [rows, V2]}). Both belong to the step's manager.
     */
    record Logits(NDArray first, @Nullable NDArray second) {

        /** The values, row-major {@code [rows, V]}, in {@code reuse} when it is exactly the right size. */
        float[] floats(float @Nullable [] reuse) {
            if (second == null) {
                return DecodeStep.floats(first, reuse);
            }
            counted(first);
            counted(second);
            java.nio.FloatBuffer a = floatBuffer(first);
            java.nio.FloatBuffer b = floatBuffer(second);
            int rows = Math.toIntExact(first.getShape().get(0));
            int wa = a.remaining() / rows;
            int wb = b.remaining() / rows;
            int v = wa + wb;
            float[] out = reuse != null && reuse.length == rows * v ? reuse : new float[rows * v];
            for (int r = 0; r < rows; r++) {
                a.get(r * wa, out, r * v, wa);
                b.get(r * wb, out, r * v + wa, wb);
            }
            return out;
        }
    }

    /**
     * Logits {@code [B * t, V]} for {@code t} new tokens per row ({@code ids} and {@code positions}
     * row-major {@code [B, t]}), whose keys and values go to columns {@code column .. column + t - 1}
     * of {@code kv} (capacity for them; the caller sets its length). {@code mask} is additive
     * {@code [B, t, column + t]} and must hide, for new token {@code i}, the new columns after it.
     * This is how a draft is verified: one pass over the pending token and the drafted ones. With
     * {@code t == 1} it is {@link #logits(NDManager, KvArrays, int, long[], int[], float[], int)}.
     */
    Logits logits(NDManager step, KvArrays kv, int column, int t, long[] ids, int[] positions,
            float @Nullable [] mask, int threads) {
        if (t == 1) {
            return logits(step, kv, column, ids, positions, mask, threads);
        }
        if (mask == null) {
            throw new IllegalArgumentException("several new tokens per row need a causal mask");
        }
        int n = ids.length;
        int b = n / t;
        int hq = c.numHeads();
        int hk = c.numKvHeads();
        int hd = c.headDim();
        int g = c.groups();
        int cap = Math.toIntExact(kv.capacity());
        DataType dt = w.embed().getDataType();
        PtNDArray idArray = made((PtNDArray) step.create(ids, new Shape(n)));
        PtNDArray rot = typed(made((PtNDArray) step.create(rotation(positions), new Shape(b, t, hd, hd))), dt);
        float[] full = storageMask(b * t, column + t - 1, cap, mask);
        Shape maskShape = g == 1 ? new Shape(b, 1, t, cap) : new Shape(b, 1, t, 1, cap);
        PtNDArray maskArray = typed(made((PtNDArray) step.create(full, maskShape)), dt);
        PtNDArray x = made(JniUtils.embedding(idArray, (PtNDArray) w.embed(), false));
        long[] rowsHeads = {b, t, hq + 2L * hk, hd};
        long[] qkSplit = {hq + hk, hk};
        long[] qSplit = {hq, hk};
        long[] qHeads = {b, t, hk, g, hd};
        long[] qShape = {b, hk, (long) t * g, hd};
        long[] scoreShape = {b, hk, t, g, cap};
        long[] flatScores = {b, hk, (long) t * g, cap};
        long[] outHeads = {b, hk, t, g, hd};
        long[] outShape = {n, (long) hq * hd};
        long[] zero = {0, 0, column, 0};
        long[] end = {b, hk, column + (long) t, hd};
        long[] unit = {1, 1, 1, 1};
        // Pieces of a step checking a draft go to all threads only from VERIFY_PARALLEL_SCALE times
        // the usual size (scaled down, so the usual rule applies to the scaled figure).
        Work plain = Work.of(c, n, cap);
        Work work = plain.scaledDown(VERIFY_PARALLEL_SCALE);
        engineThreads = 0;
        for (int l = 0; l < c.numLayers(); l++) {
            LlamaWeights.Layer layer = w.layers().get(l);
            PtNDArray qkv = projectQkv(l, layer, x, work, threads);
            PtNDArray heads = made(JniUtils.reshape(qkv, rowsHeads));
            NDList qkV = split(heads, qkSplit, 2);
            PtNDArray qk = made(JniUtils.matmul((PtNDArray) qkV.get(0), rot));
            NDList qK = split(qk, qSplit, 2);
            // one query head per KV head: the heads axis moves by a view; else group the query heads of a KV head
            PtNDArray q = g == 1 ? made(JniUtils.transpose((PtNDArray) qK.get(0), 1, 2))
                    : made(JniUtils.reshape(made(JniUtils.transpose(
                            made(JniUtils.reshape((PtNDArray) qK.get(0), qHeads)), 1, 2)), qShape));
            PtNDArray keys = (PtNDArray) kv.keys[l];
            PtNDArray values = (PtNDArray) kv.values[l];
            call();
            JniUtils.indexSet(keys, made(JniUtils.transpose((PtNDArray) qK.get(1), 1, 2)), zero, end, unit);
            call();
            JniUtils.indexSet(values, made(JniUtils.transpose((PtNDArray) qkV.get(1), 1, 2)), zero, end, unit);
            PtNDArray keysT = (PtNDArray) kv.keysTransposed(l, k -> made(JniUtils.transpose((PtNDArray) k, 2, 3)));
            PtNDArray scores = made(JniUtils.matmul(q, keysT));
            if (g > 1) {
                scores = made(JniUtils.reshape(scores, scoreShape));
            }
            if (layer.scoreScale() != 1.0) {
                call();
                JniUtils.muli(scores, scale);
            }
            call();
            JniUtils.addi(scores, maskArray);
            PtNDArray probs = made(JniUtils.softmax(scores, -1, dt));
            if (g > 1) {
                probs = made(JniUtils.reshape(probs, flatScores));
            }
            PtNDArray o = made(JniUtils.matmul(probs, values));
            if (g > 1) {
                o = made(JniUtils.reshape(o, outHeads));
            }
            // [B, t, Hq, hd] (g == 1: from [B, Hq, t, hd]; else from [B, Hkv, t, g, hd]) flattened to rows
            PtNDArray attn = made(JniUtils.reshape(made(JniUtils.transpose(o, 1, 2)), outShape));
            x = outputAndMlp(l, layer, attn, x, work, threads);
        }
        return head(x, work, threads);
    }

    /**
     * The additive mask {@code [B * cap]} over the whole storage: the caller's {@code [B * (column + 1)]}
     * mask (zeros when null) with minus infinity on the columns after {@code column}; null when
     * that is all zeros.
     */
    /**
     * The rest of layer {@code l} after attention, the same for one new column or several: the output
     * projection added to the residual stream {@code x} (linear/addmm takes the [B, D] residual as its
     * bias), then the SwiGLU MLP added to that. Returns the layer's output.
     */
    /** The layer's normed input projected to queries, keys and values (one matrix), its bias added where it has one. */
    private PtNDArray projectQkv(int l, LlamaWeights.Layer layer, PtNDArray x, Work work, int threads) {
        PtNDArray qkv;
        if (layer.attnNorm() == null && halved(work.qkv(), threads)) {
            // two halves of the columns, joined, then the norm's per-row factor
            use(0, threads);
            PtNDArray r = rmsFactor(x);
            SecondThread.Pair<PtNDArray> halves = second.both(() -> JniUtils.matmul(x, qkvHalves[l][0]),
                    () -> JniUtils.matmul(x, qkvHalves[l][1]));
            qkv = made(JniUtils.cat(new PtNDArray[] {made(halves.mine()), made(halves.theirs())}, 1));
            call();
            JniUtils.muli(qkv, r);
        } else {
            qkv = normedMatmul(x, (PtNDArray) layer.attnNorm(), (PtNDArray) layer.wqkvT(), work.qkv(), threads);
        }
        use(work.attention(), threads);
        if (layer.bqkv() != null) {
            call();
            JniUtils.addi(qkv, (PtNDArray) layer.bqkv());
        }
        return qkv;
    }

    private PtNDArray outputAndMlp(int l, LlamaWeights.Layer layer, PtNDArray attn, PtNDArray x, Work work, int threads) {
        use(work.out(), threads);
        PtNDArray h = made(JniUtils.linear(attn, wo[l], x));
        PtNDArray gate;
        PtNDArray up;
        if (layer.mlpNorm() == null && halved(work.gateUp(), threads)) {
            // gate on this thread, up on the second; the norm's per-row factor applied to each
            use(0, threads);
            PtNDArray r = rmsFactor(h);
            SecondThread.Pair<PtNDArray> gu = second.both(() -> JniUtils.matmul(h, wGate[l]),
                    () -> JniUtils.matmul(h, wUp[l]));
            gate = made(gu.mine());
            up = made(gu.theirs());
            call();
            JniUtils.muli(gate, r);
            call();
            JniUtils.muli(up, r);
        } else {
            PtNDArray gu = normedMatmul(h, (PtNDArray) layer.mlpNorm(), (PtNDArray) layer.wGateUpT(), work.gateUp(),
                    threads);
            use(0, threads);
            NDList gateUp = split(gu, new long[] {c.intermediateSize(), c.intermediateSize()}, 1);
            gate = (PtNDArray) gateUp.get(0);
            up = (PtNDArray) gateUp.get(1);
        }
        use(0, threads);
        PtNDArray act = made(JniUtils.sigmoid(gate));
        call();
        JniUtils.muli(act, gate);
        call();
        JniUtils.muli(act, up);
        if (halved(work.down(), threads)) {
            // the inputs in two halves: this thread adds the residual, the second thread's partial sum is added after
            NDList halves = split(act, downSplit, 1);
            PtNDArray[] d = wDownHalves[l];
            SecondThread.Pair<PtNDArray> parts = second.both(
                    () -> JniUtils.linear((PtNDArray) halves.get(0), d[0], h),
                    () -> JniUtils.linear((PtNDArray) halves.get(1), d[1], null));
            PtNDArray out = made(parts.mine());
            call();
            JniUtils.addi(out, made(parts.theirs()));
            return out;
        }
        use(work.down(), threads);
        return made(JniUtils.linear(act, wDown[l], h));
    }

    /** The RMSNorm factor {@code (mean(x^2) + eps)^-1/2} per row ({@code [B, 1]}): four engine calls, two arrays. */
    private PtNDArray rmsFactor(PtNDArray x) {
        PtNDArray r = made(JniUtils.mean(made(JniUtils.mul(x, x)), -1, true));
        call();
        JniUtils.addi(r, eps);
        call();
        JniUtils.powi(r, minusHalf);
        return r;
    }

    static float @Nullable [] storageMask(int rows, int column, int cap, float @Nullable [] mask) {
        int s = column + 1;
        if (cap == s) {
            return mask;
        }
        float[] full = new float[rows * cap];
        for (int r = 0; r < rows; r++) {
            if (mask != null) {
                System.arraycopy(mask, r * s, full, r * cap, s);
            }
            java.util.Arrays.fill(full, r * cap + s, (r + 1) * cap, Float.NEGATIVE_INFINITY);
        }
        return full;
    }

    /**
     * The logits as Java floats. Counted as two engine calls (three with a conversion to fp32):
     * the data type query and the copy, which checks device, layout and contiguity on the
     * engine side within the same call.
     */
    static float[] floats(NDArray a) {
        return floats(a, null);
    }

    /**
     * The array's values as floats, in {@code reuse} when it is exactly the right size (a decoding
     * step's logits are the same size step after step: at the 0.5B shape and 32 rows, 19 MB that
     * would otherwise be a new array each step), else in a new array.
     */
    static float[] floats(NDArray a, float @Nullable [] reuse) {
        counted(a);
        return floatsOf(a, reuse);
    }

    /** Counts the engine calls (and the fp32 copy, when there is one) of reading {@code a}'s values. */
    private static void counted(NDArray a) {
        calls += 2;
        if (a.getDataType() != DataType.FLOAT32) {
            calls++;
            arrays++;
        }
    }

    /**
     * {@link #floats(NDArray, float[])} without counting engine calls (prefill's logits). The values
     * are read from the array's own memory straight into the Java floats: a copy through a byte
     * array as large as the logits (the engine's usual way out) left one such garbage array per
     * step, and the heap grew by hundreds of megabytes at 32 rows before a collection freed them.
     * An array that is not contiguous, or not on the CPU, is first copied by the engine into one
     * that is, owned by the array's manager.
     */
    static float[] floatsOf(NDArray a, float @Nullable [] reuse) {
        java.nio.FloatBuffer buf = floatBuffer(a);
        float[] out = reuse != null && reuse.length == buf.remaining() ? reuse : new float[buf.remaining()];
        buf.get(out);
        return out;
    }

    /** {@code a}'s values as floats, read in place (after an fp32 copy by the engine when it is not fp32). */
    private static java.nio.FloatBuffer floatBuffer(NDArray a) {
        PtNDArray f = (PtNDArray) a;
        if (a.getDataType() != DataType.FLOAT32) {
            f = f.toType(DataType.FLOAT32, false);
        }
        return JniUtils.getByteBuffer(f, true).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Views of consecutive pieces of the given sizes along {@code axis}. */
    private static NDList split(PtNDArray a, long[] sizes, long axis) {
        NDList parts = JniUtils.split(a, sizes, axis);
        calls++;
        arrays += parts.size();
        return parts;
    }

    /** {@code a}, made from Java floats, as {@code dt} (no data type query: it is fp32). */
    private static PtNDArray typed(PtNDArray a, DataType dt) {
        return dt == DataType.FLOAT32 ? a : made(a.toType(dt, false));
    }

    /**
     * {@code rmsNorm(x, weight) @ wT}. With the weight folded into {@code wT} (null), the per-row
     * factor {@code (mean(x^2) + eps)^-1/2} scales the product in place: six engine calls, three
     * arrays; with a weight, the normalised x is made first: seven calls, four arrays. The norm runs
     * on one thread, the product on as many as {@code work} multiply-adds earn ({@link #use}).
     */
    private PtNDArray normedMatmul(PtNDArray x, @Nullable PtNDArray weight, PtNDArray wT, long work, int threads) {
        use(0, threads);
        PtNDArray r = made(JniUtils.mean(made(JniUtils.mul(x, x)), -1, true));
        call();
        JniUtils.addi(r, eps);
        call();
        JniUtils.powi(r, minusHalf);
        if (weight == null) {
            use(work, threads);
            PtNDArray y = made(JniUtils.matmul(x, wT));
            call();
            JniUtils.muli(y, r);
            return y;
        }
        PtNDArray y = made(JniUtils.mul(x, r));
        call();
        JniUtils.muli(y, weight);
        use(work, threads);
        return made(JniUtils.matmul(y, wT));
    }

    /**
     * Per row, the matrix M ({@code [hd, hd]}, row-major) with {@code x M = x * cos + rotate_half(x) * sin}
     * at that row's position: {@code M[j][j] = cos_j}, {@code M[j+h][j] = -sin_j},
     * {@code M[j][j+h] = sin_j} for {@code j < h = hd/2}.
     */
    float[] rotation(int[] positions) {
        double[] inv = c.inverseFrequencies();
        int hd = c.headDim();
        int half = hd / 2;
        float[] r = new float[positions.length * hd * hd];
        for (int b = 0; b < positions.length; b++) {
            int base = b * hd * hd;
            for (int j = 0; j < half; j++) {
                double angle = positions[b] * inv[j];
                float cos = (float) Math.cos(angle);
                float sin = (float) Math.sin(angle);
                r[base + j * hd + j] = cos;
                r[base + (j + half) * hd + (j + half)] = cos;
                r[base + (j + half) * hd + j] = -sin;
                r[base + j * hd + (j + half)] = sin;
            }
        }
        return r;
    }
}
