package org.errata.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The demo model's initial parameters, named as in Hugging Face Llama checkpoints, drawn in Java
 * from a seed (not from the engine's random generator) so that initialisation is reproducible.
 */
public final class DemoInit {

    private DemoInit() {}


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
}
