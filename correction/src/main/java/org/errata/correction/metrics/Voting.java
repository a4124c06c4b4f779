package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.errata.correction.grading.Grader;
import org.jspecify.annotations.Nullable;

/**
 * pass@k, maj@k and weighted votes over n samples per problem (METHODS.md A6, C).
 * One pass of sampling feeds all three.
 */
public final class Voting {

    private Voting() {}

    /**
     * One sample: its extracted answer (null when none), correctness and a reward score (e.g.
     * p(yes)); {@code scored} is false when nothing scored the sample (then {@code score} is 0 and
     * best-of-k leaves its problem out).
     */
    public record Sample(@Nullable String answer, boolean correct, double score, boolean scored) {
        /** A scored sample. */
        public Sample(@Nullable String answer, boolean correct, double score) {
            this(answer, correct, score, true);
        }

        /** A sample nothing scored. */
        public static Sample unscored(@Nullable String answer, boolean correct) {
            return new Sample(answer, correct, 0, false);
        }
    }

    /** The outcome of a vote: the winning cluster's first sample index (-1 when no sample had an answer). */
    public record Vote(int winner, boolean correct, int clusterSize) {}

    /** The unbiased estimator 1 − C(n−c, k)/C(n, k), computed as a stable product. */
    public static double passAtK(int n, int c, int k) {
        if (k < 1 || k > n || c < 0 || c > n) throw new IllegalArgumentException("pass@k with n=" + n + " c=" + c + " k=" + k);
        if (n - c < k) return 1.0;
        double allWrong = 1.0;
        for (int i = n - c + 1; i <= n; i++) allWrong *= 1.0 - (double) k / i;
        return 1.0 - allWrong;
    }

    /**
     * Plurality vote over the first k samples: answers are clustered with the grader (a sample
     * joins the first earlier cluster whose representative it equals), the largest cluster wins
     * and ties go to the cluster whose first sample comes first. Samples without an answer do not
     * vote. The vote is correct when the winning cluster's first sample is.
     */
    public static Vote majority(List<Sample> samples, int k, Grader grader) {
        return weighted(samples, k, grader, s -> 1.0);
    }

    /** Like {@link #majority} but each sample adds its score to its cluster's weight. */
    public static Vote weightedVote(List<Sample> samples, int k, Grader grader) {
        return weighted(samples, k, grader, Sample::score);
    }

    private static Vote weighted(List<Sample> samples, int k, Grader grader, ToDoubleFunction<Sample> weight) {
        List<Integer> reps = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        int limit = Math.min(k, samples.size());
        for (int i = 0; i < limit; i++) {
            Sample s = samples.get(i);
            if (s.answer() == null) continue;
            int cluster = -1;
            for (int c = 0; c < reps.size() && cluster < 0; c++) {
                if (grader.equivalent(samples.get(reps.get(c)).answer(), s.answer())) cluster = c;
            }
            if (cluster < 0) {
                reps.add(i);
                weights.add(0.0);
                sizes.add(0);
                cluster = reps.size() - 1;
            }
            weights.set(cluster, weights.get(cluster) + weight.applyAsDouble(s));
            sizes.set(cluster, sizes.get(cluster) + 1);
        }
        if (reps.isEmpty()) return new Vote(-1, false, 0);
        int best = 0;
        for (int c = 1; c < reps.size(); c++) if (weights.get(c) > weights.get(best)) best = c;
        int winner = reps.get(best);
        return new Vote(winner, samples.get(winner).correct(), sizes.get(best));
    }

    /** Mean pass@k over problems with at least k samples; null when none has. */
    public static @Nullable Double meanPassAtK(List<List<Sample>> perProblem, int k) {
        double sum = 0;
        int n = 0;
        for (List<Sample> s : perProblem) {
            if (s.size() < k) continue;
            sum += passAtK(s.size(), (int) s.stream().filter(Sample::correct).count(), k);
            n++;
        }
        return Fractions.ratio(sum, n);
    }

    /**
     * mean@k: the mean accuracy of the first k samples, averaged over problems with at least k
     * samples (for k = n it is c/n, the unbiased pass@1); null when none has.
     */
    public static @Nullable Double meanMeanAtK(List<List<Sample>> perProblem, int k) {
        double sum = 0;
        int n = 0;
        for (List<Sample> s : perProblem) {
            if (s.size() < k) continue;
            sum += (double) s.subList(0, k).stream().filter(Sample::correct).count() / k;
            n++;
        }
        return Fractions.ratio(sum, n);
    }

    /**
     * Best-of-k by score: the sample with the highest score among the first k (ties: the lowest
     * index), or -1 when k is out of range or one of them is unscored.
     */
    public static int bestByScore(List<Sample> samples, int k) {
        if (k < 1 || k > samples.size()) return -1;
        int best = -1;
        for (int i = 0; i < k; i++) {
            Sample s = samples.get(i);
            if (!s.scored()) return -1;
            if (best < 0 || s.score() > samples.get(best).score()) best = i;
        }
        return best;
    }

    /**
     * Mean best-of-k accuracy over problems whose first k samples are all scored; null when none
     * is (a run without reward scores has no best-of-k).
     */
    public static @Nullable Double meanBestAtK(List<List<Sample>> perProblem, int k) {
        int correct = 0, n = 0;
        for (List<Sample> s : perProblem) {
            int best = bestByScore(s, k);
            if (best < 0) continue;
            n++;
            if (s.get(best).correct()) correct++;
        }
        return Fractions.ratio(correct, n);
    }

    /** Mean maj@k over problems with at least k samples; null when none has. */
    public static @Nullable Double meanMajAtK(List<List<Sample>> perProblem, int k, Grader grader) {
        int correct = 0, n = 0;
        for (List<Sample> s : perProblem) {
            if (s.size() < k) continue;
            n++;
            if (majority(s, k, grader).correct()) correct++;
        }
        return Fractions.ratio(correct, n);
    }
}
