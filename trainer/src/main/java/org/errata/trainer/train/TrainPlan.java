package org.errata.trainer.train;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Training stages run one after another, each starting from the weights the one before ended with
 * (the first from fresh weights, or from a given model). The bare command runs {@link #bundled}.
 */
public record TrainPlan(List<TrainConfig> stages) {

    public TrainPlan {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a training plan needs at least one stage");
        }
    }

    /**
     * What {@code ./errata train-demo --seed 1} runs: SPOC first ({@link TrainConfig#spocFirst}), then
     * every format ({@link TrainConfig#everyFormat}). Meant to remake the bundled model in 90 minutes;
     * it does not make the weights bundled now: its stages, run in two commands, trained in 72 minutes
     * and met every figure target with a weaker model (trainer README, "P2 and P3").
     */
    public static TrainPlan bundled(long seed) {
        return new TrainPlan(List.of(TrainConfig.spocFirst(seed), TrainConfig.everyFormat(seed)));
    }

    /**
     * What one stage asked for on the command line starts from: the fine-tuning stage when it starts
     * from a trained model, else the first stage (fresh weights, SPOC only).
     */
    public static TrainConfig singleStage(long seed, boolean fromTrainedWeights) {
        return fromTrainedWeights ? TrainConfig.everyFormat(seed) : TrainConfig.defaults(seed);
    }

    public static TrainPlan of(TrainConfig only) {
        return new TrainPlan(List.of(only));
    }

    /** Every stage changed by {@code change} (thread count, batch size, time limit). */
    public TrainPlan map(UnaryOperator<TrainConfig> change) {
        return new TrainPlan(stages.stream().map(change).toList());
    }

    /** Whether any stage trains on a format other than SPOC (then the model needs the every-format vocabulary). */
    public boolean allFormats() {
        return stages.stream().anyMatch(s -> !s.mixture().spocOnlyMixture());
    }

    public TrainConfig last() {
        return stages.get(stages.size() - 1);
    }
}
