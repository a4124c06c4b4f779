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
     * every format ({@link TrainConfig#everyFormat}): the plan that made the bundled model, as one
     * command in 83 minutes on 2 cores (trainer README, "P4"). Two runs of it do not end with the
     * same weights, nor the same figures (P3 and P4 in that README).
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
