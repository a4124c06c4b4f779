package org.errata.correction.training;

import java.util.ArrayList;
import java.util.List;
import org.errata.correction.trace.Attempt;

/**
 * The rules of strategies with no training format of their own, and of imported runs: every
 * right sample when a trace holds several independent samples (an imported evaluation), else the
 * right final attempt, each as a direct item (problem → solution). Where a person labelled the
 * attempt, the label decides what is right ({@link TrainingTraces#judged}).
 */
public enum DirectTraining implements TrainingData {
    INSTANCE;

    @Override
    public List<TrainingLine> sft(TrainingInput in) {
        List<Attempt> samples = TrainingTraces.samples(in.trace());
        if (samples.size() > 1) {
            List<TrainingLine> out = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                if (Boolean.TRUE.equals(TrainingTraces.judged(in.trace(), samples.get(i)))) {
                    out.add(direct(in.id() + "#sample-" + i, in.problem(), samples.get(i).text()));
                }
            }
            return out;
        }
        List<Attempt> attempts = TrainingTraces.attempts(in.trace());
        Attempt last = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
        return last != null && Boolean.TRUE.equals(TrainingTraces.judged(in.trace(), last))
                ? List.of(direct(in.id(), in.problem(), last.text())) : List.of();
    }

    /** A direct item: the problem as the user turn, the solution as the assistant's. */
    public static TrainingLine direct(String id, String q, String solution) {
        return TrainingLine.of(id, "prompt", TrainingLine.user(q), "completion", TrainingLine.assistant(solution));
    }
}
