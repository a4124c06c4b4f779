package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.errata.runtime.api.SamplingConfig;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final float[] LOGITS = {2.0f, 1.0f, 0.5f, -1.0f, 3.0f, 0.0f};

    private static double[] softmax(float[] l, double t) {
        double[] p = new double[l.length];
        double sum = 0;
        for (int i = 0; i < l.length; i++) {
            p[i] = Math.exp(l[i] / t);
            sum += p[i];
        }
        for (int i = 0; i < l.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double[] frequencies(SamplingConfig s, int draws) {
        SplittableRandom r = new SplittableRandom(s.seed());
        double[] f = new double[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            f[Sampler.sample(LOGITS, 0, LOGITS.length, s, r)] += 1.0 / draws;
        }
        return f;
    }

    @Test
    void greedyPicksTheLargestLogit() {
        assertThat(Sampler.sample(LOGITS, 0, LOGITS.length, SamplingConfig.greedy(), new SplittableRandom(1)))
                .isEqualTo(4);
    }

    @Test
    void temperatureSamplingFollowsTheSoftmax() {
        double[] expected = softmax(LOGITS, 0.7);
        double[] got = frequencies(SamplingConfig.temperature(0.7, 3), 40_000);
        for (int i = 0; i < LOGITS.length; i++) {
            assertThat(got[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void topKKeepsOnlyTheKMostLikelyRenormalised() {
        double[] got = frequencies(new SamplingConfig(1, 2, 1, 0, 9), 20_000);
        double e4 = Math.exp(3), e0 = Math.exp(2);
        assertThat(got[4]).isCloseTo(e4 / (e4 + e0), org.assertj.core.data.Offset.offset(0.015));
        assertThat(got[0] + got[4]).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        double[] p = softmax(LOGITS, 1);
        // tokens 4 and 0 hold p[4] + p[0] (about 0.83): top-p 0.8 keeps exactly those two
        assertThat(p[4] + p[0]).isGreaterThan(0.8);
        assertThat(p[4]).isLessThan(0.8);
        double[] got = frequencies(new SamplingConfig(1, 0, 0.8, 0, 5), 20_000);
        assertThat(got[0] + got[4]).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(got[0]).isGreaterThan(0.2);
    }

    @Test
    void minPDropsTokensBelowAFractionOfTheBest() {
        double[] p = softmax(LOGITS, 1);
        double[] got = frequencies(new SamplingConfig(1, 0, 1, 0.2, 5), 20_000);
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0.2 * p[4]) {
                assertThat(got[i]).isZero();
            } else {
                assertThat(got[i]).isPositive();
            }
        }
    }

    /** The filtered distribution the sampler draws from, computed naively: softmax, top-k, min-p, top-p, renormalised. */
    private static double[] filtered(SamplingConfig s) {
        double[] p = softmax(LOGITS, s.temperature());
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        for (int r = s.topK(); s.topK() > 0 && r < p.length; r++) {
            p[order[r]] = 0;
        }
        double top = p[order[0]];
        for (int i = 0; i < p.length; i++) {
            if (p[i] < s.minP() * top) {
                p[i] = 0;
            }
        }
        double total = java.util.Arrays.stream(p).sum();
        double cum = 0;
        boolean reached = false;
        for (int r = 0; r < p.length; r++) {
            if (reached) {
                p[order[r]] = 0;
            } else {
                cum += p[order[r]] / total;
                reached = cum >= s.topP();
            }
        }
        total = java.util.Arrays.stream(p).sum();
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    private static double tv(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / 2;
    }

    /**
     * CopySpec's check of a drafted token x ({@link Sampler#verify}, then accept when equal) against
     * the standard rule written out naively: accept x with probability p(x), else draw from p with x
     * removed, renormalised. 40,000 draws each under temperature, top-k, top-p and min-p: the
     * acceptance rate is within four standard errors of p(x), and the distributions of the emitted
     * token (overall and after a rejection) are within total variation 0.02 of each other and of p
     * (the expected sampling error is below 0.007).
     */
    @Test
    void checkingADraftFollowsTheStandardSpeculativeRule() {
        SamplingConfig s = new SamplingConfig(0.9, 5, 0.97, 0.02, 11);
        double[] p = filtered(s);
        int n = 40_000;
        for (int x : new int[] {4, 0, 2}) {
            SplittableRandom coupled = new SplittableRandom(21 + x);
            SplittableRandom naive = new SplittableRandom(99 + x);
            double[] fc = new double[p.length];
            double[] fs = new double[p.length];
            double[] rejectedC = new double[p.length];
            int accepted = 0;
            for (int i = 0; i < n; i++) {
                int y = Sampler.verify(LOGITS, 0, LOGITS.length, s, coupled);
                fc[y] += 1.0 / n;
                if (y == x) {
                    accepted++;
                } else {
                    rejectedC[y]++;
                }
                int z;
                if (naive.nextDouble() < p[x]) {
                    z = x;
                } else {
                    double u = naive.nextDouble() * (1 - p[x]);
                    z = -1;
                    for (int k = 0; k < p.length && z < 0; k++) {
                        if (k != x) {
                            u -= p[k];
                            if (u < 0) {
                                z = k;
                            }
                        }
                    }
                    if (z < 0) {
                        z = x == p.length - 1 ? p.length - 2 : p.length - 1;
                    }
                }
                fs[z] += 1.0 / n;
            }
            double rate = (double) accepted / n;
            assertThat(rate).isCloseTo(p[x], org.assertj.core.data.Offset.offset(4 * Math.sqrt(p[x] * (1 - p[x]) / n) + 1e-9));
            assertThat(tv(fc, p)).isLessThan(0.02);
            assertThat(tv(fs, p)).isLessThan(0.02);
            assertThat(tv(fc, fs)).isLessThan(0.02);
            double[] afterRejection = new double[p.length];
            int rejections = n - accepted;
            for (int k = 0; k < p.length; k++) {
                afterRejection[k] = k == x ? 0 : p[k] / (1 - p[x]);
                rejectedC[k] /= rejections;
            }
            assertThat(tv(rejectedC, afterRejection)).isLessThan(0.02);
        }
    }
}
