package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.jspecify.annotations.Nullable;

/**
 * PRM800K label lines, read and written. A line is one labeller's pass over one solution:
 * per step, the model's completions (each rated -1/0/+1 and maybe flagged), perhaps a completion
 * the labeller wrote, and which one was chosen to go on with; then how the pass ended
 * ({@code finish_reason}: solution, found_error, give_up, bad_problem) and the time it took.
 *
 * <p>Imported as: an attempt holding the chosen path (steps joined by newlines, segmenter
 * "line") with a {@link HumanLabel} of the chosen steps' ratings, the finish reason as its note,
 * the time spent, and in its {@code source} the line's generation, quality-control and screening
 * flags, the question's other fields and per step which completion was chosen (and whether a
 * person wrote it); and every other completion as an attempt of its own under the step it is an
 * alternative to, written by model {@value #GENERATOR} or {@value #HUMAN}, with a label holding
 * its rating. Written back in the same shape, so export, import, export gives the same bytes.
 */
final class Prm800k {
    static final String GENERATOR = "prm800k-generator";
    static final String HUMAN = "human";
    static final String LINE = "line";
    /** Source keys of an alternative completion's label. */
    static final String STEP = HumanLabel.ALTERNATIVE_STEP;
    static final String COMPLETION = "completion";
    /** The line's own fields besides the question and the label. */
    static final List<String> FLAGS = List.of("generation", "is_quality_control_question", "is_initial_screening_question");

    private Prm800k() {}

    static boolean looksLike(JsonNode o) {
        return o.path("label").isObject() && o.path("question").isObject();
    }

    static String key(String problemText) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(problemText.getBytes(StandardCharsets.UTF_8));
            return "h" + HexFormat.of().formatHex(d).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** One label line as a problem and its nodes. */
    static Importer.Parsed read(JsonNode o, String dataset, ObjectMapper json) {
        JsonNode q = o.path("question");
        String text = SourceFields.requireText(q, "problem");
        String key = key(text);
        String gold = SourceFields.scalar(q.path("ground_truth_answer"));
        String solution = q.path("ground_truth_solution").isTextual() ? q.get("ground_truth_solution").asText() : null;
        Problem problem = new Problem(ProblemId.of(dataset, key), dataset, key, text, gold, solution, null, null, Map.of());
        JsonNode label = o.path("label");
        JsonNode steps = label.path("steps");
        if (!steps.isArray()) throw new BadLineException("missing 'label.steps'");
        if (steps.isEmpty()) throw new BadLineException("'label.steps' is empty");
        String labeler = o.path("labeler").isTextual() ? o.get("labeler").asText() : "prm800k";
        Instant at = Importer.timestamp(o.path("timestamp"));
        List<String> texts = new ArrayList<>();
        List<Integer> ratings = new ArrayList<>();
        List<Map<String, Object>> stepSources = new ArrayList<>();
        record Alternative(int step, Object index, JsonNode completion) {}
        List<Alternative> alternatives = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            JsonNode completions = step.path("completions");
            if (!completions.isArray() && !completions.isMissingNode() && !completions.isNull()) {
                throw new BadLineException("step " + i + ": 'completions' is not a list");
            }
            JsonNode chosen = step.path("chosen_completion");
            JsonNode human = step.path("human_completion");
            Object main;
            if (chosen.isIntegralNumber()) {
                if (completions.path(chosen.intValue()).isMissingNode()) {
                    throw new BadLineException("step " + i + ": chosen completion " + chosen.intValue() + " does not exist");
                }
                main = chosen.intValue();
            } else if (human.isObject()) {
                main = HUMAN;
            } else if (completions.isArray() && !completions.isEmpty()) {
                main = 0; // the labeller stopped at this step (found an error or gave up): its first completion
            } else {
                throw new BadLineException("step " + i + " has no completion");
            }
            JsonNode mainCompletion = main instanceof Integer k ? completions.get(k) : human;
            texts.add(SourceFields.requireText(mainCompletion, "text"));
            Integer r = rating(mainCompletion.path("rating"), "step " + i);
            ratings.add(r == null ? 0 : r);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("chosen_completion", chosen.isIntegralNumber() ? chosen.intValue() : null);
            s.put("main", main);
            if (r == null) s.put("unrated", true);
            Map<String, Object> fields = otherFields(mainCompletion, json);
            if (!fields.isEmpty()) s.put("fields", fields);
            stepSources.add(s);
            if (completions.isArray()) {
                for (int k = 0; k < completions.size(); k++) {
                    if (!Integer.valueOf(k).equals(main)) alternatives.add(new Alternative(i, k, completions.get(k)));
                }
            }
            if (human.isObject() && !HUMAN.equals(main)) alternatives.add(new Alternative(i, HUMAN, human));
        }
        int firstError = ratings.indexOf(-1);
        String finish = label.path("finish_reason").isTextual() ? label.get("finish_reason").asText() : null;
        long timeMs = label.path("total_time").isNumber() ? label.get("total_time").longValue() : 0;
        Map<String, Object> source = new LinkedHashMap<>();
        Map<String, Object> flags = new LinkedHashMap<>();
        for (String f : FLAGS) {
            if (o.has(f)) flags.put(f, json.convertValue(o.get(f), Object.class));
        }
        if (!flags.isEmpty()) source.put("line", flags);
        Map<String, Object> question = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = q.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!Set.of("problem", "ground_truth_answer", "ground_truth_solution").contains(e.getKey()) && !e.getValue().isNull()) {
                question.put(e.getKey(), json.convertValue(e.getValue(), Object.class));
            }
        }
        if (!question.isEmpty()) source.put("question", question);
        source.put("steps", stepSources);

        NodeId attempt = NodeId.random();
        List<TraceNode> nodes = new ArrayList<>();
        nodes.add(new Attempt(attempt, null, 0, 1, AttemptRole.IMPORTED, GENERATOR, "", String.join("\n", texts), null,
                null, null, Map.of(), CallStats.NONE, NodeStatus.OK, null, List.of()));
        List<Step> stepNodes = Importer.steps(attempt, texts, "\n", LINE);
        nodes.addAll(stepNodes);
        nodes.add(new HumanLabel(NodeId.random(), attempt, 0, labeler, LINE, firstError, ratings, null, null,
                "bad_problem".equals(finish), finish, timeMs, at, source));
        for (Alternative a : alternatives) {
            NodeId id = NodeId.random();
            String altText = SourceFields.requireText(a.completion(), "text");
            nodes.add(new Attempt(id, stepNodes.get(a.step()).id(), 0, 1, AttemptRole.IMPORTED,
                    HUMAN.equals(a.index()) ? HUMAN : GENERATOR, "", altText, null, null, null, Map.of(), CallStats.NONE,
                    NodeStatus.OK, null, List.of()));
            Integer r = rating(a.completion().path("rating"), "step " + a.step() + " completion " + a.index());
            Map<String, Object> altSource = new LinkedHashMap<>();
            altSource.put(STEP, a.step());
            altSource.put(COMPLETION, a.index());
            Map<String, Object> fields = otherFields(a.completion(), json);
            if (!fields.isEmpty()) altSource.put("fields", fields);
            nodes.add(new HumanLabel(NodeId.random(), id, 0, labeler, LINE, r != null && r == -1 ? 0 : -1,
                    r == null ? List.of() : List.of(r), null, null, false, null, 0, at, altSource));
        }
        return new Importer.Parsed(problem, nodes, null, null);
    }

    private static @Nullable Integer rating(JsonNode rating, String where) {
        if (rating.isNull() || rating.isMissingNode()) return null;
        if (rating.isIntegralNumber() && rating.intValue() >= -1 && rating.intValue() <= 1) return rating.intValue();
        throw new BadLineException(where + ": rating " + rating + " is not -1, 0 or 1");
    }

    /** A completion's fields other than its text and rating (flagged, source, ...), JSON null kept as null. */
    private static Map<String, Object> otherFields(JsonNode completion, ObjectMapper json) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = completion.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("text") || e.getKey().equals("rating")) continue;
            out.put(e.getKey(), json.convertValue(e.getValue(), Object.class));
        }
        return out;
    }

    /** Whether {@code label} is an alternative completion's rating, not a pass over a solution. */
    static boolean alternative(HumanLabel label) {
        return label.alternative();
    }

    /** The label line of {@code label} over {@code attempt} (its steps {@code steps}) in trace {@code t}. */
    static Map<String, Object> line(@Nullable Problem p, String problem, Trace t, Attempt attempt, List<String> steps,
                                    HumanLabel label) {
        Map<String, Object> source = label.source();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stepSources = source.get("steps") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        List<Integer> ratings = new ArrayList<>(label.stepRatings());
        if (ratings.isEmpty()) {
            // A first-error label only: steps before the error are good, the error step is bad, the rest unrated.
            int n = label.firstErrorStep() < 0 ? steps.size() : label.firstErrorStep() + 1;
            for (int i = 0; i < n; i++) ratings.add(i == label.firstErrorStep() ? -1 : 1);
        }
        // Alternatives by step, in the order they were imported.
        Map<Integer, List<Map.Entry<Attempt, HumanLabel>>> alternatives = new TreeMap<>();
        List<Step> stepNodes = t.nodes(Step.class).filter(s -> attempt.id().equals(s.parent()) && s.segmenter().equals(LINE))
                .sorted(java.util.Comparator.comparingInt(Step::index)).toList();
        for (Attempt alt : t.nodes(Attempt.class).sorted(java.util.Comparator.comparingInt(TraceNode::seq)).toList()) {
            int step = -1;
            for (Step s : stepNodes) if (s.id().equals(alt.parent())) step = s.index();
            if (step < 0) continue;
            HumanLabel altLabel = t.nodes(HumanLabel.class).filter(h -> alt.id().equals(h.parent())).findFirst().orElse(null);
            if (altLabel == null || !alternative(altLabel)) continue;
            alternatives.computeIfAbsent(step, k -> new ArrayList<>()).add(Map.entry(alt, altLabel));
        }
        List<Map<String, Object>> stepLines = new ArrayList<>();
        for (int i = 0; i < Math.min(ratings.size(), steps.size()); i++) {
            Map<String, Object> s = i < stepSources.size() ? stepSources.get(i) : Map.of();
            Object main = s.getOrDefault("main", 0);
            Map<String, Object> mainCompletion = completion(steps.get(i), Boolean.TRUE.equals(s.get("unrated")) ? null : ratings.get(i),
                    fields(s.get("fields")));
            TreeMap<Integer, Map<String, Object>> completions = new TreeMap<>();
            Map<String, Object> human = null;
            if (main instanceof Number k) completions.put(k.intValue(), mainCompletion);
            else human = mainCompletion;
            for (Map.Entry<Attempt, HumanLabel> alt : alternatives.getOrDefault(i, List.of())) {
                HumanLabel h = alt.getValue();
                Object index = h.source().get(COMPLETION);
                Map<String, Object> c = completion(alt.getKey().text(), h.stepRatings().isEmpty() ? null : h.stepRatings().getFirst(),
                        fields(h.source().get("fields")));
                if (index instanceof Number k) completions.put(k.intValue(), c);
                else human = c;
            }
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("completions", new ArrayList<>(completions.values()));
            step.put("human_completion", human);
            step.put("chosen_completion", s.containsKey("chosen_completion") ? s.get("chosen_completion")
                    : ratings.get(i) == -1 ? null : 0);
            stepLines.add(step);
        }
        String finish = label.note() != null && List.of("found_error", "solution", "bad_problem", "give_up").contains(label.note())
                ? label.note()
                : label.badProblem() ? "bad_problem" : label.firstErrorStep() >= 0 ? "found_error" : "solution";
        Map<String, Object> question = new LinkedHashMap<>();
        question.put("problem", problem);
        question.put("ground_truth_answer", p == null ? null : p.goldAnswer());
        if (p != null && p.goldSolution() != null) question.put("ground_truth_solution", p.goldSolution());
        if (source.get("question") instanceof Map<?, ?> more) more.forEach((k, v) -> question.put((String) k, v));
        Map<String, Object> labelLine = new LinkedHashMap<>();
        labelLine.put("steps", stepLines);
        labelLine.put("total_time", label.timeMs());
        labelLine.put("finish_reason", finish);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("labeler", label.annotator());
        line.put("timestamp", label.createdAt().toString());
        if (source.get("line") instanceof Map<?, ?> flags) flags.forEach((k, v) -> line.put((String) k, v));
        line.put("question", question);
        line.put("label", labelLine);
        return line;
    }

    private static Map<String, Object> fields(@Nullable Object o) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) m.forEach((k, v) -> out.put((String) k, v));
        return out;
    }

    private static Map<String, Object> completion(String text, @Nullable Integer rating, Map<String, Object> fields) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("text", text);
        c.put("rating", rating);
        if (fields.isEmpty()) c.put("flagged", null); // a label made in Errata: PRM800K's shape
        else c.putAll(fields);
        return c;
    }
}
