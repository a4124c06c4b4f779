package org.errata.correction.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A strategy's training-set rules (METHODS.md section D): which of its traces become SFT items,
 * preference pairs, step labels or reward lines, and how. Pure functions over one trace; the
 * defaults are the rules every strategy shares (outcome and Step-DPO pairs, step labels from a
 * person or from the first located error). Each strategy names its rules with
 * {@code Strategy.trainingData()}.
 */
public interface TrainingData {

    /** SFT items of one trace, conversational (TRL {@code prompt}/{@code completion} or {@code messages}). */
    List<TrainingLine> sft(TrainingInput in);

    /** What a trace must show to give an SFT item, in words, for the reason an export is empty. */
    default String sftFilter() {
        return "a right final answer";
    }

    /**
     * Partial-trajectory SFT items: the earlier actions of a stream moved into the prompt (as a
     * final assistant message the completion continues), the rest as the completion. Only
     * single-stream strategies (S²R) have them.
     */
    default List<TrainingLine> partial(TrainingInput in) {
        return List.of();
    }

    /**
     * Reward lines: the stream with its outcome-level reward (final answer) and process-level
     * rewards (one per solution and per verification). Only single-stream strategies have them.
     */
    default List<TrainingLine> rewards(TrainingInput in) {
        return List.of();
    }

    /** Preference pairs: outcome pairs from independent samples, then Step-DPO pairs. */
    default List<PreferencePair> pairs(TrainingInput in) {
        List<PreferencePair> out = new ArrayList<>(TrainingTraces.outcomePairs(in.trace(), in.problem()));
        out.addAll(TrainingTraces.stepPairs(in.trace(), in.problem()));
        return out;
    }

    /** Step labels: a person's complete label, else the first located error of a wrong attempt. */
    default Optional<StepLabels> stepLabels(TrainingInput in) {
        return TrainingTraces.stepLabels(in.trace(), TrainingTraces::firstLocation);
    }
}
