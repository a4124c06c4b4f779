package org.errata.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A Llama decoder (RMSNorm, rotary positions in Hugging Face's rotate-half layout, SwiGLU MLP,
 * no biases) over a map of parameters named as in Hugging Face checkpoints, written with DJL
 * NDArray operations so that the same code runs under autograd for training and with a KV cache
 * for sampling.
 */
public final class DemoLlama {

    private final DemoLlamaConfig config;
    private final Map<String, NDArray> params;
    private final NDArray ropeCos;
    private final NDArray ropeSin;

    public DemoLlama(DemoLlamaConfig config, Map<String, NDArray> params, NDManager manager) {
        this.config = config;
        this.params = new LinkedHashMap<>(params);
        int half = config.headDim() / 2;
        float[] cos = new float[config.maxPositions() * config.headDim()];
        float[] sin = new float[cos.length];
        for (int p = 0; p < config.maxPositions(); p++) {
            for (int i = 0; i < half; i++) {
                double freq = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / config.headDim());
                double a = p * freq;
                for (int j : new int[] {i, i + half}) {
                    cos[p * config.headDim() + j] = (float) Math.cos(a);
                    sin[p * config.headDim() + j] = (float) Math.sin(a);
                }
            }
        }
        Shape s = new Shape(config.maxPositions(), config.headDim());
        this.ropeCos = manager.create(cos, s);
        this.ropeSin = manager.create(sin, s);
    }

    /** Fresh parameters drawn from {@code seed}: normal(0, 0.02) weights, residual outputs scaled down, unit norms. */
    public static Map<String, NDArray> initialParameters(DemoLlamaConfig c, long seed, NDManager manager) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, NDArray> p = new LinkedHashMap<>();
        int d = c.hiddenSize();
        float std = 0.02f;
        float residualStd = (float) (std / Math.sqrt(2.0 * c.layers()));
        p.put("model.embed_tokens.weight", normal(manager, random, std, c.vocabSize(), d));
        for (int l = 0; l < c.layers(); l++) {
            String pre = "model.layers." + l + ".";
            p.put(pre + "input_layernorm.weight", manager.ones(new Shape(d)));
            p.put(pre + "self_attn.q_proj.weight", normal(manager, random, std, d, d));
            p.put(pre + "self_attn.k_proj.weight", normal(manager, random, std, d, d));
            p.put(pre + "self_attn.v_proj.weight", normal(manager, random, std, d, d));
            p.put(pre + "self_attn.o_proj.weight", normal(manager, random, residualStd, d, d));
            p.put(pre + "post_attention_layernorm.weight", manager.ones(new Shape(d)));
            p.put(pre + "mlp.gate_proj.weight", normal(manager, random, std, c.intermediateSize(), d));
            p.put(pre + "mlp.up_proj.weight", normal(manager, random, std, c.intermediateSize(), d));
            p.put(pre + "mlp.down_proj.weight", normal(manager, random, residualStd, d, c.intermediateSize()));
        }
        p.put("model.norm.weight", manager.ones(new Shape(d)));
        p.put("lm_head.weight", normal(manager, random, std, c.vocabSize(), d));
        return p;
    }

    private static NDArray normal(NDManager m, SplittableRandom r, float std, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            // Box-Muller from the seeded stream, so weights do not depend on the engine's RNG
            double u1 = 1.0 - r.nextDouble();
            double u2 = r.nextDouble();
            v[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return m.create(v, new Shape(rows, cols));
    }

    public DemoLlamaConfig config() {
        return config;
    }

    public Map<String, NDArray> parameters() {
        return params;
    }

    /** Keys and values of earlier positions, per layer, each {@code [B, H, T, headDim]}. */
    public static final class KvCache implements AutoCloseable {
        final NDManager manager;
        final List<NDArray> keys = new ArrayList<>();
        final List<NDArray> values = new ArrayList<>();

        public KvCache(NDManager parent) {
            this.manager = parent.newSubManager();
        }

        void put(List<NDArray> list, int layer, NDArray array) {
            array.attach(manager);
            if (list.size() > layer) {
                list.set(layer, array).close();
            } else {
                list.add(array);
            }
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /**
     * Logits {@code [B, T, V]} for token ids {@code [B, T]} at positions {@code [B, T]} (int64).
     * {@code keyBias} {@code [B, Tk]} (0 or a large negative number) masks padded keys over the
     * cached plus new positions; null when nothing is padded. Causal masking applies within the
     * new tokens. With a cache, new keys and values are appended to it.
     */
    public NDArray forward(NDArray ids, NDArray positions, @Nullable NDArray keyBias, @Nullable KvCache cache) {
        DemoLlamaConfig c = config;
        long b = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        int h = c.heads();
        int hd = c.headDim();
        NDManager scope = ids.getManager();
        NDArray x = p("model.embed_tokens.weight").get(ids);
        x.attach(scope); // results of operations belong to their first operand's manager: keep them out of the weights'

        NDArray cosRows = ropeCos.get(positions); // [B,T,hd], moved to the caller's manager
        NDArray sinRows = ropeSin.get(positions);
        cosRows.attach(ids.getManager());
        sinRows.attach(ids.getManager());
        NDArray cos = cosRows.expandDims(1); // [B,1,T,hd]
        NDArray sin = sinRows.expandDims(1);
        long past = cache == null || cache.keys.isEmpty() ? 0 : cache.keys.get(0).getShape().get(2);
        NDArray bias = null;
        if (t > 1) {
            NDManager m = scope;
            float[] mask = new float[(int) (t * (past + t))];
            for (int i = 0; i < t; i++) {
                for (long j = past + i + 1; j < past + t; j++) {
                    mask[(int) (i * (past + t) + j)] = -1e9f;
                }
            }
            bias = m.create(mask, new Shape(1, 1, t, past + t));
        }
        if (keyBias != null) {
            NDArray kb = keyBias.reshape(b, 1, 1, past + t);
            bias = bias == null ? kb : bias.add(kb);
        }
        float scale = (float) (1.0 / Math.sqrt(hd));
        for (int l = 0; l < c.layers(); l++) {
            String pre = "model.layers." + l + ".";
            NDArray xn = rmsNorm(x, p(pre + "input_layernorm.weight"));
            NDArray q = heads(linear(xn, p(pre + "self_attn.q_proj.weight")), b, t, h, hd);
            NDArray k = heads(linear(xn, p(pre + "self_attn.k_proj.weight")), b, t, h, hd);
            NDArray v = heads(linear(xn, p(pre + "self_attn.v_proj.weight")), b, t, h, hd);
            q = rope(q, cos, sin);
            k = rope(k, cos, sin);
            if (cache != null) {
                if (cache.keys.size() > l) {
                    k = cache.keys.get(l).concat(k, 2);
                    v = cache.values.get(l).concat(v, 2);
                }
                cache.put(cache.keys, l, k);
                cache.put(cache.values, l, v);
            }
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale);
            if (bias != null) {
                scores = scores.add(bias);
            }
            NDArray attn = scores.softmax(-1).matMul(v); // [B,H,T,hd]
            attn = attn.transpose(0, 2, 1, 3).reshape(b, t, (long) h * hd);
            x = x.add(linear(attn, p(pre + "self_attn.o_proj.weight")));
            NDArray xn2 = rmsNorm(x, p(pre + "post_attention_layernorm.weight"));
            NDArray gate = linear(xn2, p(pre + "mlp.gate_proj.weight"));
            NDArray up = linear(xn2, p(pre + "mlp.up_proj.weight"));
            NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up);
            x = x.add(linear(act, p(pre + "mlp.down_proj.weight")));
        }
        x = rmsNorm(x, p("model.norm.weight"));
        return linear(x, p("lm_head.weight"));
    }

    /** Mean cross-entropy of {@code targets} {@code [B, T]} under {@code logits}, over positions where {@code mask} is 1. */
    public static NDArray loss(NDArray logits, NDArray targets, NDArray mask) {
        NDArray logp = logits.logSoftmax(-1);
        NDArray picked = logp.gather(targets.expandDims(-1), -1).squeeze(-1);
        return picked.mul(mask).sum().neg().div(mask.sum());
    }

    private NDArray p(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalStateException("missing parameter " + name);
        }
        return a;
    }

    private static NDArray linear(NDArray x, NDArray w) {
        NDArray wt = w.transpose();
        wt.attach(x.getManager());
        return x.matMul(wt);
    }

    private NDArray rmsNorm(NDArray x, NDArray w) {
        NDArray ms = x.square().mean(new int[] {-1}, true);
        return x.mul(ms.add(config.rmsNormEps()).pow(-0.5f)).mul(w);
    }

    private static NDArray heads(NDArray x, long b, long t, int h, int hd) {
        return x.reshape(b, t, h, hd).transpose(0, 2, 1, 3);
    }

    private static NDArray rope(NDArray x, NDArray cos, NDArray sin) {
        long hd = x.getShape().get(3);
        NDList halves = x.split(new long[] {hd / 2}, 3);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
