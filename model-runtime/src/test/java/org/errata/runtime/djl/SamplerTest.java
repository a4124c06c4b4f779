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
}
