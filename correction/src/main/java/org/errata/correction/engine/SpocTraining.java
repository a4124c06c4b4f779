package org.errata.correction.engine;

import java.util.List;
import org.errata.correction.training.TrainingData;
import org.errata.correction.training.TrainingInput;
import org.errata.correction.training.TrainingLine;
import org.errata.correction.training.TrainingTraces;

/**
 * SPOC's training data (METHODS.md A1, D.1): PairSFT, the whole solve/verify stream as one
 * assistant message, kept only when the last answer is right and every verdict matches the truth.
 */
enum SpocTraining implements TrainingData {
    INSTANCE;

    @Override
    public List<TrainingLine> sft(TrainingInput in) {
        return TrainingTraces.verifiedStream(in.trace()).map(s -> List.of(TrainingLine.of(in.id(),
                "prompt", TrainingLine.user(in.problem()),
                "completion", TrainingLine.assistant(String.join("\n\n",
                        s.stream().map(m -> m.text().strip()).toList()))))).orElse(List.of());
    }

    @Override
    public String sftFilter() {
        return "a right final answer and every verdict true";
    }
}
