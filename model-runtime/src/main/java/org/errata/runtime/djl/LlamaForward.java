package org.errata.runtime.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.jspecify.annotations.Nullable;

/**
 * The math of a Llama-family decoder over DJL NDArrays, shared by inference (with a KV cache)
 * and training (without one, under autograd: every step is an ordinary NDArray operation).
 *
 * <p>Layouts: activations {@code [B, T, D]}; rotary tables {@code [B|1, T, 1, hd]} in Hugging
 * Face's rotate-half layout; attention masks are additive, {@code [B|1, 1, T, 1, S]} where S is
 * past + T, or null when every position may be seen (one new token per row, no padding); cached keys and values are {@code [B, Hkv, S, hd]}. Query head {@code h} uses KV head
 * {@code h / (Hq / Hkv)} (grouped-query attention, as HF's {@code repeat_kv}). Operations always
 * take the activation as their receiver, so results belong to the activation's manager.
 */
public final class LlamaForward {

    private LlamaForward() {}

    /** Past keys and values per layer, replaced as tokens are appended. */
    public interface Cache {
        @Nullable NDArray key(int layer);

        @Nullable NDArray value(int layer);

        /** Stores the full (past + new) keys and values of a layer. */
        void put(int layer, NDArray key, NDArray value);
    }

    /** RMSNorm: {@code x / sqrt(mean(x^2) + eps) * w} over the last axis ({@code w} null: folded into the next matrix). */
    public static NDArray rmsNorm(NDArray x, @Nullable NDArray weight, double eps) {
        NDArray ms = x.mul(x).mean(new int[] {-1}, true);
        NDArray y = x.mul(ms.add(eps).pow(-0.5));
        return weight == null ? y : y.mul(weight);
    }

    /** {@code x @ wT + b}. */
    public static NDArray linear(NDArray x, NDArray wT, @Nullable NDArray bias) {
        NDArray y = x.matMul(wT);
        return bias == null ? y : y.add(bias);
    }

    /** The matrix R with {@code x @ R = rotate_half(x) = cat(-x2, x1)}, {@code [hd, hd]}. */
    public static NDArray rotateHalfMatrix(NDManager manager, int headDim, DataType dataType) {
        int half = headDim / 2;
        float[] r = new float[headDim * headDim];
        for (int j = 0; j < half; j++) {
            r[(j + half) * headDim + j] = -1f;
            r[j * headDim + (j + half)] = 1f;
        }
        NDArray a = manager.create(r, new Shape(headDim, headDim));
        return dataType == DataType.FLOAT32 ? a : a.toType(dataType, false);
    }

    /** Rotary embedding of {@code x [B, T, H, hd]}: {@code x * cos + rotate_half(x) * sin}. */
    public static NDArray rope(NDArray x, NDArray cos, NDArray sin, NDArray rotate) {
        return x.mul(cos).add(x.matMul(rotate).mul(sin));
    }

    /**
     * cos and sin tables {@code [B, T, 1, hd]} for the given positions ({@code positions[b][t]}),
     * computed in Java from the config's (scaled) inverse frequencies.
     */
    public static NDList ropeTables(NDManager manager, LlamaConfig c, int[][] positions, DataType dataType) {
        double[] inv = c.inverseFrequencies();
        int hd = c.headDim();
        int half = hd / 2;
        int b = positions.length;
        int t = positions[0].length;
        float[] cos = new float[b * t * hd];
        float[] sin = new float[b * t * hd];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                int base = (i * t + j) * hd;
                for (int f = 0; f < half; f++) {
                    double angle = positions[i][j] * inv[f];
                    float cv = (float) Math.cos(angle);
                    float sv = (float) Math.sin(angle);
                    cos[base + f] = cv;
                    cos[base + f + half] = cv;
                    sin[base + f] = sv;
                    sin[base + f + half] = sv;
                }
            }
        }
        Shape shape = new Shape(b, t, 1, hd);
        NDArray cosA = manager.create(cos, shape);
        NDArray sinA = manager.create(sin, shape);
        if (dataType != DataType.FLOAT32) {
            cosA = cosA.toType(dataType, false);
            sinA = sinA.toType(dataType, false);
        }
        return new NDList(cosA, sinA);
    }

    /** Positions {@code offset .. offset+t-1} for each of {@code b} rows. */
    public static int[][] positions(int b, int t, int offset) {
        int[][] p = new int[b][t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                p[i][j] = offset + j;
            }
        }
        return p;
    }

    /** A causal additive mask {@code [1, 1, T, 1, past+T]}: token t sees all past and new tokens up to t. */
    public static NDArray causalMask(NDManager manager, int t, int past, DataType dataType) {
        return causalMask(manager, t, past, 0, dataType);
    }

    /**
     * A causal additive mask {@code [1, 1, T, 1, past+T]} for positions {@code 0 .. past+T-1}:
     * token t sees the past and new tokens up to t, only the last {@code window} of them when
     * {@code window > 0} (Mistral's sliding window; {@link LlamaConfig#attends} says the rule).
     */
    public static NDArray causalMask(NDManager manager, int t, int past, int window, DataType dataType) {
        int s = past + t;
        float[] m = new float[t * s];
        for (int i = 0; i < t; i++) {
            int q = past + i;
            for (int j = 0; j < s; j++) {
                if (j > q || (window > 0 && q - j >= window)) {
                    m[i * s + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        NDArray a = manager.create(m, new Shape(1, 1, t, 1, s));
        return dataType == DataType.FLOAT32 ? a : a.toType(dataType, false);
    }

    /** Token embeddings {@code [B, T, D]} for ids {@code [B, T]} (int64). */
    public static NDArray embed(LlamaWeights w, NDArray ids) {
        Shape s = ids.getShape();
        NDArray flat = ids.reshape(-1);
        NDArray rows = w.embed().get(new NDIndex("{}", flat));
        rows.attach(ids.getManager());
        return rows.reshape(s.get(0), s.get(1), w.config().hiddenSize());
    }

    /** Self-attention of one layer on the normed input {@code x [B, T, D]}; returns {@code [B, T, D]}. */
    public static NDArray attention(LlamaConfig c, LlamaWeights.Layer layer, int index, NDArray x, NDArray cos,
            NDArray sin, @Nullable NDArray mask, NDArray rotate, @Nullable Cache cache) {
        Shape xs = x.getShape();
        long b = xs.get(0);
        long t = xs.get(1);
        int hq = c.numHeads();
        int hk = c.numKvHeads();
        int hd = c.headDim();
        int g = c.groups();
        NDArray qkv = linear(x, layer.wqkvT(), layer.bqkv()).reshape(b, t, hq + 2L * hk, hd);
        NDList parts = qkv.split(new long[] {hq + hk}, 2);
        NDArray qk = rope(parts.get(0), cos, sin, rotate);
        NDList qkParts = qk.split(new long[] {hq}, 2);
        NDArray q = t == 1 ? qkParts.get(0).reshape(b, hk, g, hd)
                : qkParts.get(0).reshape(b, t, hk, g, hd).transpose(0, 2, 1, 3, 4).reshape(b, hk, t * g, hd);
        NDArray k = qkParts.get(1).transpose(0, 2, 1, 3);
        NDArray v = parts.get(1).transpose(0, 2, 1, 3);
        if (cache != null) {
            NDArray pastK = cache.key(index);
            NDArray pastV = cache.value(index);
            if (pastK != null && pastV != null) {
                k = pastK.concat(k, 2);
                v = pastV.concat(v, 2);
            }
            cache.put(index, k, v);
        }
        long s = k.getShape().get(2);
        NDArray kT = k.transpose(0, 1, 3, 2);
        kT.attach(x.getManager());
        NDArray scores = layer.scoreScale() == 1.0 ? q.matMul(kT) : q.matMul(kT).mul(layer.scoreScale());
        if (t == 1) {
            // one new token per row: rows of a KV head are its g query heads; the mask [B,1,1,1,S] broadcasts
            NDArray probs = (mask == null ? scores : scores.add(mask.reshape(b, 1, 1, s))).softmax(-1);
            return probs.matMul(v).reshape(b, 1, (long) hq * hd).matMul(layer.woT());
        }
        scores = scores.reshape(b, hk, t, g, s);
        NDArray probs = (mask == null ? scores : scores.add(mask)).softmax(-1).reshape(b, hk, t * g, s);
        NDArray out = probs.matMul(v).reshape(b, hk, t, g, hd).transpose(0, 2, 1, 3, 4).reshape(b, t, (long) hq * hd);
        return out.matMul(layer.woT());
    }

    /** The SwiGLU MLP: {@code down(silu(gate(x)) * up(x))}. */
    public static NDArray mlp(LlamaWeights.Layer layer, NDArray x) {
        NDList gu = x.matMul(layer.wGateUpT()).split(2, 2);
        NDArray gate = gu.get(0);
        return gate.mul(Activation.sigmoid(gate)).mul(gu.get(1)).matMul(layer.wDownT());
    }

    /** One decoder block with residuals. */
    public static NDArray block(LlamaConfig c, LlamaWeights.Layer layer, int index, NDArray x, NDArray cos,
            NDArray sin, @Nullable NDArray mask, NDArray rotate, @Nullable Cache cache) {
        NDArray h = x.add(attention(c, layer, index, rmsNorm(x, layer.attnNorm(), c.rmsNormEps()), cos, sin, mask,
                rotate, cache));
        return h.add(mlp(layer, rmsNorm(h, layer.mlpNorm(), c.rmsNormEps())));
    }

    /**
     * The decoder over ids {@code [B, T]} whose positions and mask the caller supplies; with a
     * cache, keys and values are appended to it. With {@code lastOnly}, only the last position's
     * logits are computed: {@code [B, 1, V]}; otherwise {@code [B, T, V]}.
     */
    public static NDArray forward(LlamaWeights w, NDArray ids, NDArray cos, NDArray sin, @Nullable NDArray mask,
            @Nullable Cache cache, boolean lastOnly) {
        NDArray x = hidden(w, ids, cos, sin, mask, cache);
        if (lastOnly && x.getShape().get(1) > 1) {
            x = x.get(new NDIndex(":, -1:"));
        }
        return head(w, x);
    }

    /**
     * As {@link #forward}, computing the logits of one position per row only: row {@code i}'s
     * position {@code at[i]} (rows of different lengths padded at the end): {@code [B, 1, V]}.
     */
    public static NDArray forwardAt(LlamaWeights w, NDArray ids, NDArray cos, NDArray sin, @Nullable NDArray mask,
            @Nullable Cache cache, long[] at) {
        NDArray x = hidden(w, ids, cos, sin, mask, cache);
        Shape s = x.getShape();
        long b = s.get(0);
        long t = s.get(1);
        long[] flat = new long[at.length];
        for (int i = 0; i < at.length; i++) {
            flat[i] = i * t + at[i];
        }
        NDArray rows = x.reshape(b * t, s.get(2)).get(new NDIndex("{}", x.getManager().create(flat)));
        return head(w, rows.reshape(b, 1, s.get(2)));
    }

    /**
     * The decoder blocks over the embedded ids. With a cache (inference), each block's intermediate
     * arrays are freed as soon as it is done (a sub-manager per block), so a prefill holds one
     * block's activations at a time, not all of them until the caller's manager closes (at the
     * 0.5B shape, 32 prompts of 8 tokens: about 40 MB per block, 1 GB for 24); without one
     * (training) they stay for the backward pass.
     */
    private static NDArray hidden(LlamaWeights w, NDArray ids, NDArray cos, NDArray sin, @Nullable NDArray mask,
            @Nullable Cache cache) {
        LlamaConfig c = w.config();
        NDArray x = embed(w, ids);
        for (int i = 0; i < c.numLayers(); i++) {
            if (cache == null) {
                x = block(c, w.layers().get(i), i, x, cos, sin, mask, w.rotate(), null);
                continue;
            }
            NDManager outer = x.getManager();
            try (NDManager layer = outer.newSubManager()) {
                x.attach(layer); // the previous block's output is freed with this block's arrays
                NDArray y = block(c, w.layers().get(i), i, x, cos, sin, mask, w.rotate(), cache);
                y.attach(outer);
                x = y;
            }
        }
        return x;
    }

    private static NDArray head(LlamaWeights w, NDArray x) {
        return rmsNorm(x, w.finalNorm(), w.config().rmsNormEps()).matMul(w.lmHeadT());
    }

    /** The plain causal forward used for training and checks: ids {@code [B, T]} to logits {@code [B, T, V]}. */
    public static NDArray forward(LlamaWeights w, NDArray ids) {
        NDManager m = ids.getManager();
        Shape s = ids.getShape();
        int t = Math.toIntExact(s.get(1));
        DataType dt = w.embed().getDataType();
        NDList rope = ropeTables(m, w.config(), positions(1, t, 0), dt);
        NDArray mask = causalMask(m, t, 0, w.config().slidingWindow(), dt);
        return forward(w, ids, rope.get(0), rope.get(1), mask, null, false);
    }
}
