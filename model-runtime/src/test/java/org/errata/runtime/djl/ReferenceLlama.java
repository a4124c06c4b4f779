package org.errata.runtime.djl;

import java.io.IOException;
import java.nio.file.Path;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;

/**
 * A naive, loop-by-loop Llama forward pass over plain float arrays, written straight from the
 * Hugging Face modeling code (rotate-half RoPE, repeat_kv GQA, optional Q/K/V bias, tied head).
 * It is the yardstick the NDArray implementation is checked against.
 */
final class ReferenceLlama {

    private final LlamaConfig c;
    private final float[] embed;
    private final float[] head;
    private final float[] norm;
    private final float[][] attnNorm, wq, wk, wv, bq, bk, bv, wo, mlpNorm, wg, wu, wd;

    ReferenceLlama(Path folder) throws Exception {
        c = LlamaConfig.read(folder.resolve("config.json"));
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(folder)) {
            embed = ck.readFloats(LlamaWeights.Names.EMBED);
            head = c.tieWordEmbeddings() ? embed : ck.readFloats(LlamaWeights.Names.LM_HEAD);
            norm = ck.readFloats(LlamaWeights.Names.NORM);
            int l = c.numLayers();
            attnNorm = new float[l][]; wq = new float[l][]; wk = new float[l][]; wv = new float[l][];
            bq = new float[l][]; bk = new float[l][]; bv = new float[l][]; wo = new float[l][];
            mlpNorm = new float[l][]; wg = new float[l][]; wu = new float[l][]; wd = new float[l][];
            for (int i = 0; i < l; i++) {
                attnNorm[i] = read(ck, i, "input_layernorm.weight");
                wq[i] = read(ck, i, "self_attn.q_proj.weight");
                wk[i] = read(ck, i, "self_attn.k_proj.weight");
                wv[i] = read(ck, i, "self_attn.v_proj.weight");
                if (c.attentionBias()) {
                    bq[i] = read(ck, i, "self_attn.q_proj.bias");
                    bk[i] = read(ck, i, "self_attn.k_proj.bias");
                    bv[i] = read(ck, i, "self_attn.v_proj.bias");
                }
                wo[i] = read(ck, i, "self_attn.o_proj.weight");
                mlpNorm[i] = read(ck, i, "post_attention_layernorm.weight");
                wg[i] = read(ck, i, "mlp.gate_proj.weight");
                wu[i] = read(ck, i, "mlp.up_proj.weight");
                wd[i] = read(ck, i, "mlp.down_proj.weight");
            }
        }
    }

    private static float[] read(SafetensorsCheckpoint ck, int layer, String suffix) throws IOException {
        return ck.readFloats(LlamaWeights.Names.layer(layer, suffix));
    }

    /** Logits {@code [T][V]} for a token sequence starting at position 0. */
    float[][] logits(int[] tokens) {
        int t = tokens.length;
        int d = c.hiddenSize();
        int hd = c.headDim();
        int hq = c.numHeads();
        int hk = c.numKvHeads();
        double[][] x = new double[t][d];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = embed[tokens[i] * d + j];
            }
        }
        double[] inv = c.inverseFrequencies();
        for (int l = 0; l < c.numLayers(); l++) {
            double[][] h = new double[t][];
            double[][] q = new double[t][], k = new double[t][], v = new double[t][];
            for (int i = 0; i < t; i++) {
                h[i] = rms(x[i], attnNorm[l]);
                q[i] = matvec(wq[l], bq[l], h[i], hq * hd);
                k[i] = matvec(wk[l], bk[l], h[i], hk * hd);
                v[i] = matvec(wv[l], bv[l], h[i], hk * hd);
                rope(q[i], hq, hd, i, inv);
                rope(k[i], hk, hd, i, inv);
            }
            for (int i = 0; i < t; i++) {
                double[] att = new double[hq * hd];
                for (int head = 0; head < hq; head++) {
                    int kvh = head / (hq / hk);
                    double[] s = new double[i + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    // Mistral's sliding window, written out here rather than taken from the config's rule
                    int first = c.slidingWindow() > 0 ? Math.max(0, i - c.slidingWindow() + 1) : 0;
                    for (int j = first; j <= i; j++) {
                        double dot = 0;
                        for (int e = 0; e < hd; e++) {
                            dot += q[i][head * hd + e] * k[j][kvh * hd + e];
                        }
                        s[j] = dot / Math.sqrt(hd);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = first; j <= i; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = first; j <= i; j++) {
                        for (int e = 0; e < hd; e++) {
                            att[head * hd + e] += s[j] / sum * v[j][kvh * hd + e];
                        }
                    }
                }
                double[] o = matvec(wo[l], null, att, d);
                for (int j = 0; j < d; j++) {
                    x[i][j] += o[j];
                }
                double[] m = rms(x[i], mlpNorm[l]);
                int inter = c.intermediateSize();
                double[] g = matvec(wg[l], null, m, inter);
                double[] u = matvec(wu[l], null, m, inter);
                double[] a = new double[inter];
                for (int j = 0; j < inter; j++) {
                    a[j] = g[j] / (1 + Math.exp(-g[j])) * u[j];
                }
                double[] down = matvec(wd[l], null, a, d);
                for (int j = 0; j < d; j++) {
                    x[i][j] += down[j];
                }
            }
        }
        float[][] out = new float[t][];
        for (int i = 0; i < t; i++) {
            double[] f = rms(x[i], norm);
            double[] lg = matvec(head, null, f, c.vocabSize());
            out[i] = new float[lg.length];
            for (int j = 0; j < lg.length; j++) {
                out[i][j] = (float) lg[j];
            }
        }
        return out;
    }

    private double[] rms(double[] x, float[] w) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double r = 1 / Math.sqrt(ss / x.length + c.rmsNormEps());
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * r * w[i];
        }
        return y;
    }

    /** {@code W x + b} for W stored [out, in] row-major. */
    private static double[] matvec(float[] w, float[] b, double[] x, int out) {
        double[] y = new double[out];
        int in = x.length;
        for (int o = 0; o < out; o++) {
            double s = b == null ? 0 : b[o];
            for (int i = 0; i < in; i++) {
                s += w[o * in + i] * x[i];
            }
            y[o] = s;
        }
        return y;
    }

    private static void rope(double[] x, int heads, int hd, int pos, double[] inv) {
        int half = hd / 2;
        for (int h = 0; h < heads; h++) {
            int base = h * hd;
            for (int f = 0; f < half; f++) {
                double cos = Math.cos(pos * inv[f]);
                double sin = Math.sin(pos * inv[f]);
                double a = x[base + f];
                double b = x[base + f + half];
                x[base + f] = a * cos - b * sin;
                x[base + f + half] = b * cos + a * sin;
            }
        }
    }
}
