package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;

/**
 * Benchmark problem lines, read and written: GSM8K ({@code question}, {@code answer} ending in
 * {@code #### N}), MATH500 ({@code problem, solution, answer, subject, level, unique_id}), AIME and
 * AMC ({@code id}, numeric answers), MetaMath ({@code query}, {@code response} or an
 * {@code answer} ending in "The answer is: X"), and Errata's own dataset export ({@code key,
 * problem, answer, solution, subject, level} plus every other field). The other formats read
 * their problem part through here.
 */
final class BenchmarkProblems {
    /** Fields a problem line may take its key from, in order. */
    static final List<String> KEY_FIELDS = List.of("key", "unique_id", "idx", "id");

    private BenchmarkProblems() {}

    /**
     * A problem of {@code dataset} from {@code o}; {@code answerField} holds the gold answer and
     * {@code index} (the record's 0-based position) is the key when the line has none. Fields not
     * used for the text, key, gold answer, solution, subject or level go into extra.
     */
    static Problem read(JsonNode o, String dataset, int index, String answerField, ObjectMapper json) {
        String textField = o.path("problem").isTextual() ? "problem" : o.path("question").isTextual() ? "question" : "query";
        if (!o.path(textField).isTextual()) throw new BadLineException("missing field 'problem' (or 'question', 'query')");
        String text = o.get(textField).asText();
        String keyField = KEY_FIELDS.stream().filter(f -> o.has(f) && !o.get(f).isNull()).findFirst().orElse(null);
        String key = keyField == null ? Integer.toString(index) : SourceFields.scalar(o.get(keyField));
        if (key == null || key.isBlank()) throw new BadLineException("blank problem key");
        JsonNode answer = o.path(answerField);
        String solutionField = o.path("solution").isTextual() ? "solution"
                : textField.equals("query") && o.path("response").isTextual() ? "response" : null;
        String solution = solutionField == null ? null : o.path(solutionField).asText();
        Set<String> used = new java.util.HashSet<>(Set.of(textField, answerField, "subject"));
        if (keyField != null) used.add(keyField);
        if (solutionField != null) used.add(solutionField);
        String gold;
        String said = answer.isTextual() && solution == null ? SourceFields.answerOfSolution(answer.asText()) : null;
        if (said != null) {
            // A whole solution in the answer field: GSM8K's "#### N", its model solutions' "A: N",
            // MetaMath's "The answer is: X".
            gold = said;
            solution = answer.asText();
        } else if (!answer.isMissingNode() && !answer.isNull()) {
            gold = SourceFields.scalar(answer);
        } else {
            gold = solution == null ? null : solutionField.equals("response")
                    ? SourceFields.answerOfSolution(solution) : SourceFields.lastBoxed(solution);
        }
        Integer level = o.has("level") ? SourceFields.level(o.get("level")) : null;
        if (level != null) used.add("level");
        JsonNode subject = o.path("subject");
        if (!subject.isTextual() && !subject.isMissingNode()) used.remove("subject");
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!used.contains(e.getKey()) && !e.getValue().isNull()) {
                extra.put(e.getKey(), json.convertValue(e.getValue(), Object.class));
            }
        }
        return new Problem(ProblemId.of(dataset, key), dataset, key, text, gold, solution,
                subject.isTextual() ? subject.asText() : null, level, extra);
    }

    /** The line {@link #read} reads back: key, problem, answer, solution, subject, level, then the rest. */
    static Map<String, Object> line(Problem p) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("key", p.key());
        line.put("problem", p.text());
        if (p.goldAnswer() != null) line.put("answer", p.goldAnswer());
        if (p.goldSolution() != null) line.put("solution", p.goldSolution());
        if (p.subject() != null) line.put("subject", p.subject());
        if (p.level() != null) line.put("level", p.level());
        p.extra().forEach(line::putIfAbsent);
        return line;
    }
}
