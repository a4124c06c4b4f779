package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.TraceNode;

/**
 * ProcessBench items, read and written: {@code id, generator, problem, steps,
 * final_answer_correct, label} (the index of the first wrong step, -1 when every step is right).
 * Hugging Face publishes the four subsets ({@code gsm8k}, {@code math}, {@code olympiadbench},
 * {@code omnimath}) as JSON arrays; the subset is taken from the id. Imported as an attempt of
 * the steps joined by blank lines (segmenter "paragraph") with the label as a {@link HumanLabel}
 * by {@value #ANNOTATOR}.
 */
final class ProcessBench {
    static final String ANNOTATOR = "processbench";
    static final String PARAGRAPH = "paragraph";
    /** ProcessBench's ids name their subset: gsm8k-0, math-12, olympiadbench-3, omnimath-40. */
    static final Pattern ID = Pattern.compile("(gsm8k|math|olympiadbench|omnimath)-\\d+");

    private ProcessBench() {}

    static boolean looksLike(JsonNode o) {
        return o.path("steps").isArray() && o.has("label");
    }

    /** One item; {@code problem} is the line read as a benchmark problem. */
    static Importer.Parsed read(JsonNode o, Problem problem) {
        Map<String, Object> extra = new LinkedHashMap<>(problem.extra());
        extra.keySet().removeAll(Set.of("steps", "label", "final_answer_correct", "generator"));
        java.util.regex.Matcher subset = ID.matcher(problem.key());
        if (subset.matches() && !extra.containsKey("subset")) extra.put("subset", subset.group(1));
        problem = new Problem(problem.id(), problem.dataset(), problem.key(), problem.text(), problem.goldAnswer(),
                problem.goldSolution(), problem.subject(), problem.level(), extra);
        JsonNode steps = o.path("steps");
        if (!steps.isArray() || steps.isEmpty()) throw new BadLineException("'steps' must be a non-empty list");
        JsonNode label = o.path("label");
        if (!label.isIntegralNumber()) throw new BadLineException("'label' must be an integer step index or -1");
        int first = label.intValue();
        if (first < -1 || first >= steps.size()) {
            throw new BadLineException("label " + first + " is not -1 or a step index below " + steps.size());
        }
        JsonNode fac = o.path("final_answer_correct");
        Boolean correct = fac.isBoolean() ? fac.booleanValue() : null;
        String generator = o.path("generator").isTextual() ? o.get("generator").asText() : "unknown";
        List<String> texts = new ArrayList<>();
        for (JsonNode s : steps) {
            if (!s.isTextual()) throw new BadLineException("a step is not text");
            texts.add(s.asText());
        }
        NodeId attempt = NodeId.random();
        List<TraceNode> nodes = new ArrayList<>();
        String text = String.join("\n\n", texts);
        nodes.add(new Attempt(attempt, null, 0, 1, AttemptRole.IMPORTED, generator, "", text, null, null, correct,
                Map.of(), CallStats.NONE, NodeStatus.OK, null, List.of()));
        nodes.addAll(Importer.steps(attempt, texts, "\n\n", PARAGRAPH));
        nodes.add(new HumanLabel(NodeId.random(), attempt, 0, ANNOTATOR, PARAGRAPH, first, List.of(),
                null, null, false, null, 0, Instant.EPOCH));
        return new Importer.Parsed(problem, nodes, null, correct);
    }

    /** The item of {@code label} over {@code attempt} with its steps. */
    static Map<String, Object> line(String key, String problem, Attempt attempt, List<String> steps, HumanLabel label) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", key);
        line.put("generator", attempt.model());
        line.put("problem", problem);
        line.put("steps", steps);
        line.put("final_answer_correct", attempt.correct());
        line.put("label", label.firstErrorStep());
        return line;
    }
}
