package org.errata.trainer.train;

import org.errata.trainer.data.FormatMixture;

/**
 * How the demo model is trained. {@code steps} sets the learning-rate schedule; with
 * {@code maxMinutes > 0} training also stops when that much time has passed (then the result
 * depends on the machine's speed; only a run that reaches {@code steps} is reproducible).
 */
public record TrainConfig(
        long seed,
        int steps,
        int batchSize,
        float learningRate,
        float minLearningRate,
        int warmupSteps,
        double errorRate,
        double secondSlipRate,
        double maxMinutes,
        int threads,
        int logEvery,
        FormatMixture mixture) {

    public TrainConfig {
        java.util.Objects.requireNonNull(mixture, "mixture");
    }

    /** A SPOC-only configuration (the stream of the SPOC-only demo model). */
    public TrainConfig(long seed, int steps, int batchSize, float learningRate, float minLearningRate, int warmupSteps,
                       double errorRate, double secondSlipRate, double maxMinutes, int threads, int logEvery) {
        this(seed, steps, batchSize, learningRate, minLearningRate, warmupSteps, errorRate, secondSlipRate, maxMinutes,
                threads, logEvery, FormatMixture.spocOnly());
    }

    /**
     * The first stage of the bundled model: SPOC streams only, from fresh weights (it learns the
     * arithmetic and the check; the SPOC-only model of the first waves was this stage alone).
     */
    public static TrainConfig defaults(long seed) {
        return new TrainConfig(seed, 6000, 16, 3e-3f, 2e-4f, 100, 0.5, 0.3, 0, 2, 50, FormatMixture.spocOnly());
    }

    /**
     * The bundled plan's first stage ({@link TrainPlan#bundled}): {@link #defaults} cut to 4000
     * steps, so that both stages fit in 90 minutes on 2 cores (trainer README).
     */
    public static TrainConfig spocFirst(long seed) {
        return defaults(seed).withSteps(4000);
    }

    /**
     * The bundled plan's second stage: {@link FormatMixture#everyFormat()}, fine-tuned from the
     * first stage's weights at a third of its learning rate (a fresh start on a mixture never learnt
     * SPOC's arithmetic in the same time: trainer README). 3,200 steps of mixtures near this one
     * each missed two to four of the targets (R2, R3 in the trainer README).
     */
    public static TrainConfig everyFormat(long seed) {
        return new TrainConfig(seed, 6000, 16, 1e-3f, 1e-3f / 15, 100, 0.5, 0.3, 0, 2, 50, FormatMixture.everyFormat());
    }

    public TrainConfig withMixture(FormatMixture m) {
        return new TrainConfig(seed, steps, batchSize, learningRate, minLearningRate, warmupSteps, errorRate, secondSlipRate, maxMinutes, threads, logEvery, m);
    }

    public TrainConfig withSteps(int s) {
        return new TrainConfig(seed, s, batchSize, learningRate, minLearningRate, Math.min(warmupSteps, Math.max(1, s / 10)), errorRate, secondSlipRate, maxMinutes, threads, logEvery, mixture);
    }

    /** Peak rate {@code r}; the floor keeps its ratio to the peak. */
    public TrainConfig withLearningRate(float r) {
        return new TrainConfig(seed, steps, batchSize, r, minLearningRate * r / learningRate, warmupSteps, errorRate, secondSlipRate, maxMinutes, threads, logEvery, mixture);
    }

    public TrainConfig withMaxMinutes(double m) {
        return new TrainConfig(seed, steps, batchSize, learningRate, minLearningRate, warmupSteps, errorRate, secondSlipRate, m, threads, logEvery, mixture);
    }

    public TrainConfig withBatchSize(int b) {
        return new TrainConfig(seed, steps, b, learningRate, minLearningRate, warmupSteps, errorRate, secondSlipRate, maxMinutes, threads, logEvery, mixture);
    }

    public TrainConfig withThreads(int n) {
        return new TrainConfig(seed, steps, batchSize, learningRate, minLearningRate, warmupSteps, errorRate, secondSlipRate, maxMinutes, n, logEvery, mixture);
    }

    public TrainConfig withLogEvery(int n) {
        return new TrainConfig(seed, steps, batchSize, learningRate, minLearningRate, warmupSteps, errorRate, secondSlipRate, maxMinutes, threads, n, mixture);
    }

    /** Linear warm-up, then cosine decay to the minimum rate at {@code steps}. */
    public float learningRateAt(int step) {
        if (step < warmupSteps) {
            return learningRate * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) Math.max(1, steps - warmupSteps));
        return (float) (minLearningRate + 0.5 * (learningRate - minLearningRate) * (1 + Math.cos(Math.PI * progress)));
    }
}
