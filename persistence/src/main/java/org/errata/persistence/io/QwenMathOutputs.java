package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.TraceNode;
import org.jspecify.annotations.Nullable;

/**
 * The Qwen2.5-Math evaluation toolkit's outputs (also what S²R and SuperCorrect publish): one
 * line per problem with {@code idx, question, gt_cot, gt}, the k sampled solutions in
 * {@code code}, the toolkit's extracted answers in {@code pred}, its execution {@code report}s
 * and its verdicts in {@code score}; beside the file, {@code <name>_metrics.json} with its
 * accuracy. The samples become attempts of one imported run (graded again by Errata, the
 * toolkit's verdicts kept beside); the metrics file, when present, is kept in the run's
 * parameters as {@code source_metrics} so the two accuracies can be compared.
 */
final class QwenMathOutputs {
    /** Per-sample fields: they live in the attempts, not in the problem's source fields. */
    static final Set<String> SAMPLE_FIELDS = Set.of("code", "response", "responses", "score", "scores", "pred", "preds",
            "model", "report");

    private QwenMathOutputs() {}

    /** Where the line's gold answer is: {@code gt} in the toolkit's outputs, else {@code answer}. */
    static String goldField(JsonNode o) {
        return o.has("gt") ? "gt" : "answer";
    }

    /**
     * The k samples of one line as attempts ({@code correct} and {@code finalAnswer} as the file
     * gives them in {@code score} and {@code pred}; the import grades them again); {@code problem}
     * is the line read as a benchmark problem.
     */
    static Importer.Parsed read(JsonNode o, Problem problem) {
        // SAMPLE_FIELDS other than the problem's own go nowhere else: drop them from extra.
        Map<String, Object> extra = new LinkedHashMap<>(problem.extra());
        extra.keySet().removeAll(QwenMathOutputs.SAMPLE_FIELDS);
        problem = new Problem(problem.id(), problem.dataset(), problem.key(), problem.text(), problem.goldAnswer(),
                problem.goldSolution(), problem.subject(), problem.level(), extra);
        JsonNode texts = o.has("code") ? o.get("code") : o.has("response") ? o.get("response") : o.path("responses");
        JsonNode scores = o.has("score") ? o.get("score") : o.path("scores");
        JsonNode preds = o.has("pred") ? o.get("pred") : o.path("preds");
        if (!texts.isArray() || texts.isEmpty()) throw new BadLineException("no samples ('code' or 'response' list)");
        if (!scores.isMissingNode() && (!scores.isArray() || scores.size() != texts.size())) {
            throw new BadLineException("'score' must list one score per sample (" + texts.size() + ")");
        }
        if (!preds.isMissingNode() && (!preds.isArray() || preds.size() != texts.size())) {
            throw new BadLineException("'pred' must list one answer per sample (" + texts.size() + ")");
        }
        String model = o.path("model").isTextual() ? o.get("model").asText() : "unknown";
        List<TraceNode> nodes = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (!texts.get(i).isTextual()) throw new BadLineException("sample " + i + " is not text");
            String pred = preds.isArray() ? SourceFields.scalar(preds.get(i)) : null;
            Boolean correct = scores.isArray() ? score(scores.get(i), i) : null;
            nodes.add(new Attempt(NodeId.random(), null, i, 1, AttemptRole.IMPORTED, model, "", texts.get(i).asText(),
                    pred, pred == null ? null : "imported", correct, Map.of(), CallStats.NONE, NodeStatus.OK, null, List.of()));
        }
        return new Importer.Parsed("", problem, nodes, null, null, true);
    }

    private static @Nullable Boolean score(JsonNode s, int i) {
        if (s.isBoolean()) return s.booleanValue();
        if (s.isNumber()) return s.doubleValue() > 0;
        if (s.isNull()) return null;
        throw new BadLineException("score of sample " + i + " is neither true/false nor a number");
    }


    /** The toolkit's metrics written beside {@code file} ({@code x.jsonl} -> {@code x_metrics.json}), if any. */
    static @Nullable Map<String, Object> metrics(Path file, ObjectMapper json) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : null;
        if (stem == null) return null;
        Path metrics = file.resolveSibling(stem + "_metrics.json");
        if (!Files.isRegularFile(metrics)) return null;
        try {
            JsonNode o = json.readTree(metrics.toFile());
            if (o == null || !o.isObject()) return null;
            Map<String, Object> out = new LinkedHashMap<>();
            o.fields().forEachRemaining(e -> out.put(e.getKey(), json.convertValue(e.getValue(), Object.class)));
            out.values().removeIf(java.util.Objects::isNull);
            return out;
        } catch (IOException unreadable) {
            return null; // the metrics file is a courtesy: a broken one does not stop the import of the samples
        }
    }
}
