package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.jspecify.annotations.Nullable;

/**
 * The Potato annotation tool's process-reward labels, both ways. Errata writes a run's attempts
 * as Potato items ({@code id}: the attempt's node id, {@code problem}, {@code steps} as
 * {@code {"index", "text"}} objects); a person labels them with Potato's {@code process_reward}
 * scheme; Potato's PRM export comes back as one line per annotator and item:
 * {@code {"instance_id", "annotator", "steps": [{"index", "reward"}], "mode"}} with rewards +1
 * (correct), -1 (incorrect), 0 (neutral) or null (not judged), and per step optionally
 * {@code source}, {@code verified}, {@code ai_reward}, {@code confidence} (AI pre-labelling), per
 * line {@code ai_prelabeled} and {@code all_verified}.
 *
 * <p>Each line becomes a {@link HumanLabel} on the attempt it names: the first -1 is the first
 * error; the ratings are the rewards up to the first unjudged step, so a label with unjudged
 * steps and no error reads as unfinished, never as "all correct". What has no field of its own
 * (the mode, the rewards after an unjudged step, the AI pre-labelling keys, any other key) is kept
 * in the label's source, so the {@code potato-prm} export gives the line back.
 */
final class Potato {
    static final String DEFAULT_ANNOTATOR = "potato";
    private static final List<String> STEP_KEYS = List.of("source", "verified", "ai_reward", "confidence");
    private static final Set<String> LINE_KEYS = Set.of("instance_id", "annotator", "steps");

    private Potato() {}

    static boolean looksLike(JsonNode o) {
        JsonNode steps = o.path("steps");
        return o.path("instance_id").isTextual() && steps.isArray()
                && (steps.isEmpty() || steps.get(0).has("reward"));
    }

    /** One read line: the attempt it labels, who labelled it, and the label's fields. */
    record Label(NodeId attempt, String annotator, List<@Nullable Integer> rewards, Map<String, Object> source) {
        /** 0-based index of the first -1, or -1 when there is none. */
        int firstError() {
            for (int i = 0; i < rewards.size(); i++) {
                Integer r = rewards.get(i);
                if (r != null && r == -1) return i;
            }
            return -1;
        }

        /** The rewards before the first unjudged step. */
        List<Integer> ratings() {
            List<Integer> out = new ArrayList<>();
            for (Integer r : rewards) {
                if (r == null) break;
                out.add(r);
            }
            return out;
        }

        /** The label on {@code attempt}, whose steps are cut by {@code segmenter}. */
        HumanLabel toLabel(int seq, String segmenter) {
            return new HumanLabel(NodeId.random(), attempt, seq, annotator, segmenter, firstError(), ratings(), null, null,
                    false, null, 0, Instant.EPOCH, source);
        }
    }

    static Label read(JsonNode o, ObjectMapper json) {
        String id = o.path("instance_id").asText();
        if (id.isBlank()) throw new BadLineException("'instance_id' is blank");
        JsonNode annotatorNode = o.path("annotator");
        String annotator = annotatorNode.isTextual() && !annotatorNode.asText().isBlank() ? annotatorNode.asText() : DEFAULT_ANNOTATOR;
        JsonNode steps = o.path("steps");
        if (!steps.isArray() || steps.isEmpty()) throw new BadLineException("'steps' must be a non-empty list");
        List<@Nullable Integer> rewards = new ArrayList<>();
        List<Map<String, Object>> stepExtras = new ArrayList<>();
        boolean anyStepExtra = false;
        for (int i = 0; i < steps.size(); i++) {
            JsonNode s = steps.get(i);
            if (!s.isObject()) throw new BadLineException("step " + i + " is not an object");
            JsonNode index = s.path("index");
            if (!index.isMissingNode() && (!index.isIntegralNumber() || index.intValue() != i)) {
                throw new BadLineException("step " + i + " has index " + index + "; steps must be listed in order from 0");
            }
            JsonNode reward = s.path("reward");
            if (reward.isNull() || reward.isMissingNode()) {
                rewards.add(null);
            } else if (reward.isIntegralNumber() && reward.intValue() >= -1 && reward.intValue() <= 1) {
                rewards.add(reward.intValue());
            } else {
                throw new BadLineException("step " + i + " has reward " + reward + "; expected 1, 0, -1 or null");
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            for (java.util.Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("index") || f.getKey().equals("reward")) continue;
                extra.put(f.getKey(), json.convertValue(f.getValue(), Object.class));
            }
            anyStepExtra |= !extra.isEmpty();
            stepExtras.add(extra);
        }
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("format", "potato");
        if (!annotatorNode.isTextual()) source.put("annotator", json.convertValue(annotatorNode, Object.class));
        int firstUnjudged = rewards.indexOf(null);
        if (firstUnjudged >= 0) source.put("later_rewards", new ArrayList<>(rewards.subList(firstUnjudged, rewards.size())));
        if (anyStepExtra) source.put("step_fields", stepExtras);
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!LINE_KEYS.contains(f.getKey())) source.put(f.getKey(), json.convertValue(f.getValue(), Object.class));
        }
        return new Label(new NodeId(id), annotator, rewards, source);
    }

    /**
     * The Potato PRM line of {@code label} over an attempt of {@code steps} steps. A label read from
     * Potato comes back as it was read; one made in Errata is written in Potato's first-error
     * shape (every step before the error +1, the error and all after it -1), or per step when
     * every step carries its own rating.
     */
    static Map<String, Object> line(HumanLabel label, int steps) {
        Map<String, Object> src = label.source();
        boolean fromPotato = "potato".equals(src.get("format"));
        List<@Nullable Integer> rewards = new ArrayList<>(label.stepRatings());
        Object mode;
        if (fromPotato) {
            if (src.get("later_rewards") instanceof List<?> later) {
                for (Object r : later) rewards.add(r == null ? null : ((Number) r).intValue());
            }
            mode = src.get("mode");
        } else if (label.stepRatings().size() == steps) {
            mode = "per_step";
        } else {
            mode = "first_error";
            rewards.clear();
            int k = label.firstErrorStep();
            for (int i = 0; i < steps; i++) rewards.add(k >= 0 && i >= k ? -1 : 1);
        }
        List<?> stepFields = src.get("step_fields") instanceof List<?> l ? l : List.of();
        List<Map<String, Object>> stepLines = new ArrayList<>();
        for (int i = 0; i < rewards.size(); i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("index", i);
            s.put("reward", rewards.get(i));
            if (i < stepFields.size() && stepFields.get(i) instanceof Map<?, ?> extra) {
                for (Map.Entry<?, ?> e : extra.entrySet()) s.put(String.valueOf(e.getKey()), e.getValue());
            }
            stepLines.add(s);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("instance_id", label.parent().value());
        line.put("annotator", src.containsKey("annotator") ? src.get("annotator") : label.annotator());
        line.put("steps", stepLines);
        if (mode != null) line.put("mode", mode);
        Set<String> own = new HashSet<>(List.of("format", "annotator", "later_rewards", "step_fields", "mode"));
        for (Map.Entry<String, Object> e : src.entrySet()) {
            if (!own.contains(e.getKey())) line.put(e.getKey(), e.getValue());
        }
        return line;
    }

    /** The Potato item for one attempt: what a person sees and labels, keyed by the attempt's node id. */
    static Map<String, Object> item(String problemKey, String problemText, String run, Attempt attempt, String segmenter,
                                    List<String> steps) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", attempt.id().value());
        line.put("problem", problemText);
        List<Map<String, Object>> stepLines = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("index", i);
            s.put("text", steps.get(i));
            stepLines.add(s);
        }
        line.put("steps", stepLines);
        line.put("run", run);
        line.put("problem_key", problemKey);
        line.put("turn", attempt.turn());
        line.put("segmenter", segmenter);
        return line;
    }
}
