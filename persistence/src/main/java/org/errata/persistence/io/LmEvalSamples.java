package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.TraceNode;

/**
 * lm-evaluation-harness {@code samples_<task>_<time>.jsonl} (written with {@code --log_samples}):
 * per document its {@code doc_id}, the task's {@code doc} (GSM8K's question and answer, MATH's
 * problem and solution, ...), the {@code target}, the model's generations in {@code resps} (one
 * list per request, one entry per repeat), the harness's extracted answers in
 * {@code filtered_resps}, and its metrics by name ({@code exact_match}, listed in
 * {@code metrics}). Every generation becomes an attempt of one imported run, graded by Errata;
 * the harness's metric is kept beside as the file's label where it scores a single generation.
 */
final class LmEvalSamples {
    private LmEvalSamples() {}

    static boolean looksLike(JsonNode o) {
        return o.has("doc_id") && o.path("doc").isObject() && o.path("resps").isArray();
    }

    /**
     * The document as a problem ({@code problemOf} reads the doc as a benchmark line, keyed by
     * {@code doc_id}) and its generations as attempts.
     */
    static Importer.Parsed read(JsonNode o, Function<JsonNode, Problem> problemOf) {
        com.fasterxml.jackson.databind.node.ObjectNode doc = ((com.fasterxml.jackson.databind.node.ObjectNode) o.get("doc")).deepCopy();
        doc.set("key", o.get("doc_id"));
        if (!doc.has("problem") && !doc.has("question") && !doc.has("query")) {
            throw new BadLineException("'doc' has no 'problem', 'question' or 'query' field");
        }
        Problem problem = problemOf.apply(doc);
        if (problem.goldAnswer() == null && o.path("target").isTextual()) {
            String target = o.get("target").asText();
            String gold = SourceFields.answerOfSolution(target);
            problem = new Problem(problem.id(), problem.dataset(), problem.key(), problem.text(), gold != null ? gold : target.strip(),
                    problem.goldSolution() != null || gold == null ? problem.goldSolution() : target, problem.subject(),
                    problem.level(), problem.extra());
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode request : o.get("resps")) {
            if (request.isTextual()) texts.add(request.asText());
            else if (request.isArray()) {
                for (JsonNode r : request) {
                    if (!r.isTextual()) throw new BadLineException("a response in 'resps' is not text");
                    texts.add(r.asText());
                }
            } else {
                throw new BadLineException("'resps' holds neither texts nor lists of texts");
            }
        }
        if (texts.isEmpty()) throw new BadLineException("'resps' is empty");
        Boolean label = null;
        String pred = null;
        if (texts.size() == 1) {
            for (JsonNode m : o.path("metrics")) {
                JsonNode v = o.path(m.asText());
                if (v.isNumber() || v.isBoolean()) {
                    label = v.isBoolean() ? v.booleanValue() : v.doubleValue() > 0;
                    break;
                }
            }
            JsonNode filtered = o.path("filtered_resps").path(0);
            if (filtered.isArray()) filtered = filtered.path(0);
            if (filtered.isTextual()) pred = filtered.asText();
        }
        List<TraceNode> nodes = new ArrayList<>();
        for (String text : texts) {
            nodes.add(new Attempt(NodeId.random(), null, 0, 1, AttemptRole.IMPORTED, "unknown", "", text, pred,
                    pred == null ? null : ImportGrading.FROM_FILE, label, Map.of(), CallStats.NONE, NodeStatus.OK, null, List.of()));
        }
        return new Importer.Parsed("", problem, nodes, null, null, true);
    }
}
