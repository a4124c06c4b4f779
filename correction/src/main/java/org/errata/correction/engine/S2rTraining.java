package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errata.correction.parse.Segmenters;
import org.errata.correction.training.TrainingData;
import org.errata.correction.training.TrainingInput;
import org.errata.correction.training.TrainingLine;
import org.errata.correction.training.TrainingTraces;
import org.errata.correction.training.TrainingTraces.Joined;
import org.errata.correction.training.TrainingTraces.Message;

/**
 * S²R's training data (METHODS.md A2a, D.3). Every line is TRL's conversational form with the
 * fixed system prompt as the first turn of the prompt (a trainer applies it with the chat
 * template; no side key): SFT items (the stream with its fixed delimiters, kept only when the
 * last answer is right and every verdict matches the truth), partial trajectories (the first j
 * actions of such a stream moved into the prompt as an assistant message the completion
 * continues, one item per j), and reward lines for every graded stream (outcome-level: the
 * final answer; process-level: one rule reward per solve and per verify action).
 */
enum S2rTraining implements TrainingData {
    INSTANCE;

    @Override
    public List<TrainingLine> sft(TrainingInput in) {
        return TrainingTraces.verifiedStream(in.trace()).map(s -> {
            Joined j = join(s);
            return List.of(TrainingLine.of(in.id(), "prompt", prompt(in), "completion", TrainingLine.assistant(j.text()))
                    .withSidecar(TrainingTraces.sidecar(j)));
        }).orElse(List.of());
    }

    @Override
    public String sftFilter() {
        return "a right final answer and every verdict true";
    }

    @Override
    public List<TrainingLine> partial(TrainingInput in) {
        return TrainingTraces.verifiedStream(in.trace()).map(s -> {
            Joined j = join(s);
            List<TrainingLine> out = new ArrayList<>();
            for (int k = 1; k < j.messages().size(); k++) {
                int at = j.messages().get(k).start();
                List<Map<String, Object>> prompt = new ArrayList<>(prompt(in));
                prompt.add(TrainingLine.message("assistant", j.text().substring(0, at)));
                out.add(TrainingLine.of(in.id() + "#from-" + k, "prompt", prompt,
                        "completion", TrainingLine.assistant(j.text().substring(at))));
            }
            return out;
        }).orElse(List.of());
    }

    @Override
    public List<TrainingLine> rewards(TrainingInput in) {
        return TrainingTraces.stream(in.trace()).map(s -> {
            Joined j = join(s);
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("prompt", prompt(in));
            fields.put("completion", TrainingLine.assistant(j.text()));
            fields.putAll(TrainingTraces.rewards(j));
            return List.of(new TrainingLine(in.id(), fields, TrainingTraces.sidecar(j)));
        }).orElse(List.of());
    }

    /** The system turn (the fixed S²R prompt the run used) and the problem. */
    private static List<Map<String, Object>> prompt(TrainingInput in) {
        return List.of(TrainingLine.message("system", in.template(S2rStrategy.SYSTEM, Map.of())),
                TrainingLine.message("user", in.template(S2rStrategy.USER, Map.of("problem", in.problem()))));
    }

    /** solution, "Wait, let me recheck my solution.", verification, "Let me try again.", solution, ... */
    static Joined join(List<Message> parts) {
        return TrainingTraces.join(parts, m -> "\n\n" + (m.verification() ? Segmenters.RECHECK : Segmenters.TRY_AGAIN) + "\n\n");
    }
}
