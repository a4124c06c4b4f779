package org.errata.runtime.djl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenLogprob;

/**
 * Chooses the next token from one row of logits, in Java: greedy, or temperature sampling after
 * top-k, min-p and top-p filtering (in that order, as Hugging Face's warpers), drawing from the
 * sample's own seeded {@link SplittableRandom}.
 */
final class Sampler {

    private Sampler() {}

    static int sample(float[] logits, int offset, int vocab, SamplingConfig s, SplittableRandom random) {
        if (s.isGreedy()) {
            return argMax(logits, offset, vocab);
        }
        double inv = 1.0 / s.temperature();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double[] p = scratch(vocab);
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            double e = Math.exp((logits[offset + i] - max) * inv);
            p[i] = e;
            sum += e;
        }
        for (int i = 0; i < vocab; i++) {
            p[i] /= sum;
        }
        boolean filtered = false;
        if (s.topK() > 0 && s.topK() < vocab) {
            double kth = kthLargest(p, s.topK());
            int kept = 0;
            for (int i = 0; i < vocab; i++) {
                // ties at the boundary: the lowest ids first, exactly k tokens in all
                if (p[i] > kth || (p[i] == kth && kept < s.topK())) {
                    kept++;
                } else {
                    p[i] = 0;
                }
            }
            filtered = true;
        }
        if (s.minP() > 0) {
            double top = 0;
            for (double v : p) {
                top = Math.max(top, v);
            }
            double floor = s.minP() * top;
            for (int i = 0; i < vocab; i++) {
                if (p[i] < floor) {
                    p[i] = 0;
                }
            }
            filtered = true;
        }
        if (s.topP() < 1) {
            int[] order = sortedDescending(p);
            double total = 0;
            for (double v : p) {
                total += v;
            }
            double cum = 0;
            int keep = 0;
            while (keep < order.length && p[order[keep]] > 0) {
                cum += p[order[keep]] / total;
                keep++;
                if (cum >= s.topP()) {
                    break;
                }
            }
            for (int i = keep; i < order.length; i++) {
                p[order[i]] = 0;
            }
            filtered = true;
        }
        double total = 0;
        if (filtered) {
            for (double v : p) {
                total += v;
            }
        } else {
            total = 1;
        }
        double u = random.nextDouble() * total;
        double acc = 0;
        int last = -1;
        for (int i = 0; i < vocab; i++) {
            if (p[i] > 0) {
                acc += p[i];
                last = i;
                if (u < acc) {
                    return i;
                }
            }
        }
        return last >= 0 ? last : argMax(logits, offset, vocab);
    }

    /**
     * The token at a position where CopySpec drafted {@code x}; the caller accepts the draft when
     * the two are equal. This is the standard acceptance rule for a deterministic draft (accept x
     * with probability p(x) under the same filtered distribution p that {@link #sample} draws from;
     * on rejection draw from p with x removed, renormalised), realised as a coupling: draw y from p
     * by its inverse distribution function, as {@link #sample} does, and accept x exactly when
     * y = x. That happens with probability p(x), and given y != x, y is distributed as p restricted
     * to the other tokens, renormalised: the rejection rule. So the distribution is unchanged, and
     * for a given seed the tokens are the same as without a draft (the random stream is used
     * identically: one draw per generated token), which keeps seeded runs reproducible whatever
     * the batch or draft. Greedy: the argmax, accepted when it is the draft.
     */
    static int verify(float[] logits, int offset, int vocab, SamplingConfig s, SplittableRandom random) {
        return sample(logits, offset, vocab, s, random);
    }

    /** Per thread, the probabilities of the last row sampled (one vocabulary's worth, reused). */
    private static final ThreadLocal<double[]> SCRATCH = ThreadLocal.withInitial(() -> new double[0]);

    private static double[] scratch(int vocab) {
        double[] p = SCRATCH.get();
        if (p.length != vocab) {
            p = new double[vocab];
            SCRATCH.set(p);
        }
        return p;
    }

    static int argMax(float[] logits, int offset, int vocab) {
        int best = 0;
        float bestV = logits[offset];
        for (int i = 1; i < vocab; i++) {
            if (logits[offset + i] > bestV) {
                bestV = logits[offset + i];
                best = i;
            }
        }
        return best;
    }

    private static double kthLargest(double[] p, int k) {
        double[] copy = p.clone();
        Arrays.sort(copy);
        return copy[copy.length - k];
    }

    private static int[] sortedDescending(double[] p) {
        int n = 0;
        for (double v : p) {
            if (v > 0) {
                n++;
            }
        }
        long[] keys = new long[n];
        int j = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                // positive doubles order like their bit patterns; the high bits carry the value
                long bits = Double.doubleToLongBits(p[i]) >>> 20;
                keys[j++] = (bits << 20) | (0xFFFFF - (i & 0xFFFFF));
            }
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = 0xFFFFF - (int) (keys[n - 1 - i] & 0xFFFFF);
        }
        return order;
    }

    /** The chosen token's log-probability under the raw logits, and the {@code k} most likely tokens. */
    /** Logits this far below the maximum add less than e^-40 each to the normaliser: skipped. */
    private static final float NEGLIGIBLE = -40f;

    static TokenLogprob logprob(float[] logits, int offset, int vocab, int chosen, int k, HfTokenizer tokenizer) {
        // one pass for the maximum and the k best (kept sorted, best first), one for the normaliser
        int keep = Math.min(Math.max(k, 0), vocab);
        int[] best = new int[keep];
        int held = 0;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            float v = logits[offset + i];
            if (v > max) {
                max = v;
            }
            if (keep > 0 && (held < keep || v > logits[offset + best[held - 1]])) {
                int at = held < keep ? held++ : keep - 1;
                while (at > 0 && v > logits[offset + best[at - 1]]) {
                    best[at] = best[at - 1];
                    at--;
                }
                best[at] = i;
            }
        }
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            float v = logits[offset + i] - max;
            if (v > NEGLIGIBLE) {
                sum += Math.exp(v);
            }
        }
        double logZ = max + Math.log(sum);
        List<TokenLogprob.Alternative> top = new ArrayList<>(held);
        for (int r = 0; r < held; r++) {
            top.add(new TokenLogprob.Alternative(tokenizer.tokenText(best[r]), logits[offset + best[r]] - logZ));
        }
        return new TokenLogprob(tokenizer.tokenText(chosen), logits[offset + chosen] - logZ, top);
    }
}
