package org.errata.correction.engine;

import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Attempt;
import org.errata.correction.training.TrainingData;
import org.errata.correction.training.TrainingInput;
import org.errata.correction.training.TrainingLine;
import org.errata.correction.training.TrainingTraces;

/** SCoRe's training data (METHODS.md A3, D.6): the two turns as messages, with rewards r1 and r2. */
enum ScoreTraining implements TrainingData {
    INSTANCE;

    @Override
    public List<TrainingLine> sft(TrainingInput in) {
        List<Attempt> attempts = TrainingTraces.attempts(in.trace());
        if (attempts.size() < 2 || attempts.get(0).correct() == null || attempts.get(1).correct() == null) return List.of();
        return List.of(TrainingLine.of(in.id(),
                "messages", List.of(TrainingLine.message("user", in.problem()),
                        TrainingLine.message("assistant", attempts.get(0).text()),
                        TrainingLine.message("user", in.template(ScoreStrategy.REVISE, Map.of())),
                        TrainingLine.message("assistant", attempts.get(1).text())),
                "r1", Boolean.TRUE.equals(attempts.get(0).correct()) ? 1 : 0,
                "r2", Boolean.TRUE.equals(attempts.get(1).correct()) ? 1 : 0));
    }

    @Override
    public String sftFilter() {
        return "two graded attempts";
    }
}
