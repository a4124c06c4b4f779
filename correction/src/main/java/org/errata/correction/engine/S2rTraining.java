package org.errata.correction.engine;

import java.util.List;
import java.util.Map;
import org.errata.correction.parse.Segmenters;
import org.errata.correction.training.TrainingData;
import org.errata.correction.training.TrainingInput;
import org.errata.correction.training.TrainingLine;
import org.errata.correction.training.TrainingTraces;
import org.errata.correction.training.TrainingTraces.Message;

/**
 * S²R's training data (METHODS.md A2a, D.3): the stream with its fixed delimiters and the fixed
 * system prompt, kept only when the last answer is right and every verdict matches the truth.
 */
enum S2rTraining implements TrainingData {
    INSTANCE;

    @Override
    public List<TrainingLine> sft(TrainingInput in) {
        return TrainingTraces.verifiedStream(in.trace()).map(s -> List.of(TrainingLine.of(in.id(),
                "system", in.template(S2rStrategy.SYSTEM, Map.of()),
                "prompt", in.problem(),
                "completion", trace(s)))).orElse(List.of());
    }

    @Override
    public String sftFilter() {
        return "a right final answer and every verdict true";
    }

    /** solution, "Wait, let me recheck my solution.", verification, "Let me try again.", solution, ... */
    static String trace(List<Message> parts) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) b.append("\n\n").append(i % 2 == 1 ? Segmenters.RECHECK : Segmenters.TRY_AGAIN).append("\n\n");
            b.append(parts.get(i).text().strip());
        }
        return b.toString();
    }
}
