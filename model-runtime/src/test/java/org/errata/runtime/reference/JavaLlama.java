package org.errata.runtime.reference;

import org.errata.runtime.gguf.LlamaGguf;

/**
 * A deliberately naive Llama / Qwen2 forward pass in plain Java (double accumulation, HF
 * rotate-half RoPE), the independent yardstick for llama.cpp and the DJL backend.
 */
final class JavaLlama {

    private final RandomCheckpoint ckpt;
    private final LlamaGguf.Shape s;

    JavaLlama(RandomCheckpoint ckpt) {
        this.ckpt = ckpt;
        this.s = ckpt.shape();
    }

    /** Logits at every position. */
    float[][] logits(int[] tokens) {
        int d = s.hiddenSize();
        int hd = s.headDim();
        int kvDim = s.kvHeads() * hd;
        int n = tokens.length;
        float[] embed = ckpt.tensor("model.embed_tokens.weight");
        double[][] x = new double[n][d];
        for (int t = 0; t < n; t++) for (int i = 0; i < d; i++) x[t][i] = embed[tokens[t] * d + i];
        boolean bias = s.architecture().equals("qwen2");
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.layers." + l + ".";
            float[] wq = ckpt.tensor(p + "self_attn.q_proj.weight");
            float[] wk = ckpt.tensor(p + "self_attn.k_proj.weight");
            float[] wv = ckpt.tensor(p + "self_attn.v_proj.weight");
            float[] wo = ckpt.tensor(p + "self_attn.o_proj.weight");
            double[][] q = new double[n][], k = new double[n][], v = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] h = rmsnorm(x[t], ckpt.tensor(p + "input_layernorm.weight"));
                q[t] = matvec(wq, h, d, bias ? ckpt.tensor(p + "self_attn.q_proj.bias") : null);
                k[t] = matvec(wk, h, kvDim, bias ? ckpt.tensor(p + "self_attn.k_proj.bias") : null);
                v[t] = matvec(wv, h, kvDim, bias ? ckpt.tensor(p + "self_attn.v_proj.bias") : null);
                rope(q[t], t, s.heads());
                rope(k[t], t, s.kvHeads());
            }
            int group = s.heads() / s.kvHeads();
            for (int t = 0; t < n; t++) {
                double[] att = new double[d];
                for (int h = 0; h < s.heads(); h++) {
                    int kh = h / group;
                    double[] scores = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u <= t; u++) {
                        double dot = 0;
                        for (int i = 0; i < hd; i++) dot += q[t][h * hd + i] * k[u][kh * hd + i];
                        scores[u] = dot / Math.sqrt(hd);
                        max = Math.max(max, scores[u]);
                    }
                    double sum = 0;
                    for (int u = 0; u <= t; u++) sum += scores[u] = Math.exp(scores[u] - max);
                    for (int u = 0; u <= t; u++) {
                        for (int i = 0; i < hd; i++) att[h * hd + i] += scores[u] / sum * v[u][kh * hd + i];
                    }
                }
                double[] o = matvec(wo, att, d, null);
                for (int i = 0; i < d; i++) x[t][i] += o[i];
            }
            float[] gate = ckpt.tensor(p + "mlp.gate_proj.weight");
            float[] up = ckpt.tensor(p + "mlp.up_proj.weight");
            float[] down = ckpt.tensor(p + "mlp.down_proj.weight");
            int ff = s.intermediateSize();
            for (int t = 0; t < n; t++) {
                double[] h = rmsnorm(x[t], ckpt.tensor(p + "post_attention_layernorm.weight"));
                double[] g = matvec(gate, h, ff, null);
                double[] u = matvec(up, h, ff, null);
                for (int i = 0; i < ff; i++) g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
                double[] o = matvec(down, g, d, null);
                for (int i = 0; i < d; i++) x[t][i] += o[i];
            }
        }
        float[] head = ckpt.tensor(s.tiedEmbeddings() ? "model.embed_tokens.weight" : "lm_head.weight");
        float[][] out = new float[n][];
        for (int t = 0; t < n; t++) {
            double[] h = rmsnorm(x[t], ckpt.tensor("model.norm.weight"));
            double[] l = matvec(head, h, s.vocabSize(), null);
            out[t] = new float[l.length];
            for (int i = 0; i < l.length; i++) out[t][i] = (float) l[i];
        }
        return out;
    }

    private double[] rmsnorm(double[] x, float[] w) {
        double ss = 0;
        for (double v : x) ss += v * v;
        double scale = 1 / Math.sqrt(ss / x.length + s.rmsNormEps());
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = x[i] * scale * w[i];
        return out;
    }

    private static double[] matvec(float[] w, double[] x, int rows, float[] bias) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double acc = bias == null ? 0 : bias[r];
            for (int c = 0; c < x.length; c++) acc += w[r * x.length + c] * x[c];
            out[r] = acc;
        }
        return out;
    }

    private void rope(double[] v, int pos, int heads) {
        int hd = s.headDim();
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < hd / 2; i++) {
                double angle = pos * Math.pow(s.ropeTheta(), -2.0 * i / hd);
                double c = Math.cos(angle), sn = Math.sin(angle);
                int a = h * hd + i, b = a + hd / 2;
                double x1 = v[a], x2 = v[b];
                v[a] = x1 * c - x2 * sn;
                v[b] = x2 * c + x1 * sn;
            }
        }
    }
}
