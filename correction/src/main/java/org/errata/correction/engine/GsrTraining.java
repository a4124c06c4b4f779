package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.NodeId;
import org.errata.correction.training.DirectTraining;
import org.errata.correction.training.TrainingData;
import org.errata.correction.training.TrainingInput;
import org.errata.correction.training.TrainingLine;
import org.errata.correction.training.TrainingTraces;

/**
 * GSR's training data (METHODS.md A5, D.7): the refine item (the refine prompt over the
 * candidates, the refined answer when it is right) mixed with direct items for right candidates.
 * {@code params}: the run's knobs, so the refine prompt is the one the model was given.
 */
record GsrTraining(GsrStrategy.Params params) implements TrainingData {

    @Override
    public List<TrainingLine> sft(TrainingInput in) {
        List<TrainingLine> out = new ArrayList<>();
        List<Attempt> attempts = TrainingTraces.attempts(in.trace());
        List<Attempt> candidates = attempts.stream().filter(a -> a.role() == AttemptRole.CANDIDATE).toList();
        Optional<Aggregate> refine = in.trace().nodes(Aggregate.class).filter(g -> g.kind() == AggregateKind.REFINE).findFirst();
        Optional<Attempt> refined = refine.flatMap(g -> attempts.stream()
                .filter(a -> g.id().equals(a.parent()) || a.id().equals(g.chosen())).findFirst());
        if (refined.isPresent() && Boolean.TRUE.equals(refined.get().correct())) {
            Map<NodeId, Attempt> byId = new LinkedHashMap<>();
            for (Attempt a : candidates) byId.put(a.id(), a);
            List<Attempt> inputs = refine.get().inputs().stream().map(byId::get).filter(Objects::nonNull).toList();
            // The prompt the refine call was given: the same order, cuts and cap (GsrStrategy.refinePrompt).
            String prompt = GsrStrategy.refinePrompt(values -> in.template(GsrStrategy.REFINE, values), in.problem(),
                    in.trace().problem().value(), inputs, params).text();
            out.add(TrainingLine.of(in.id() + "#refine",
                    "prompt", TrainingLine.user(prompt),
                    "completion", TrainingLine.assistant(refined.get().text()),
                    "candidates", inputs.size()));
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (Boolean.TRUE.equals(candidates.get(i).correct())) {
                out.add(DirectTraining.direct(in.id() + "#direct-" + i, in.problem(), candidates.get(i).text()));
            }
        }
        return out;
    }
}
