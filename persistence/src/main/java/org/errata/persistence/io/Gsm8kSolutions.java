package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;

/**
 * The GSM8K repository's {@code example_model_solutions.jsonl}: per problem its {@code question},
 * the reference solution in {@code ground_truth} ending in {@code A: N}, and one object per model
 * ({@code 6b_finetuning}, {@code 175b_verification}, ...) holding that model's {@code solution}
 * and its {@code is_correct}. Each model becomes its own imported run over the same problems;
 * each solution is graded by Errata, and {@code is_correct} is kept beside the grade.
 */
final class Gsm8kSolutions {
    static final String GOLD = "ground_truth";

    private Gsm8kSolutions() {}

    /** Whether {@code o} has this shape: a question, a ground truth, and at least one model's solution. */
    static boolean looksLike(JsonNode o) {
        if (!o.path("question").isTextual() || !o.path(GOLD).isTextual()) return false;
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            if (isSolution(it.next().getValue())) return true;
        }
        return false;
    }

    private static boolean isSolution(JsonNode v) {
        return v.isObject() && v.path("solution").isTextual();
    }

    /** One parsed solution per model, in the file's order, each for the run named after its model. */
    static List<Importer.Parsed> read(JsonNode o, Problem base) {
        Map<String, Object> extra = new LinkedHashMap<>(base.extra());
        List<Importer.Parsed> out = new ArrayList<>();
        List<Map.Entry<String, JsonNode>> models = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (isSolution(e.getValue())) {
                models.add(e);
                extra.remove(e.getKey());
            }
        }
        Problem problem = new Problem(base.id(), base.dataset(), base.key(), base.text(), base.goldAnswer(),
                base.goldSolution(), base.subject(), base.level(), extra);
        for (Map.Entry<String, JsonNode> m : models) {
            JsonNode label = m.getValue().path("is_correct");
            if (!label.isBoolean() && !label.isMissingNode() && !label.isNull()) {
                throw new BadLineException(m.getKey() + ".is_correct is not true or false");
            }
            Attempt a = new Attempt(NodeId.random(), null, 0, 1, AttemptRole.IMPORTED, m.getKey(), "",
                    m.getValue().get("solution").asText(), null, null, label.isBoolean() ? label.booleanValue() : null,
                    Map.of(), CallStats.NONE, NodeStatus.OK, null, List.of());
            out.add(new Importer.Parsed(m.getKey(), problem, List.of(a), null, null, true));
        }
        return out;
    }
}
