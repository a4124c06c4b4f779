package org.errata.correction.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One JSON-ready training line: its {@code id} and fields in order, and, for streams whose parts
 * a trainer needs to find again (SPOC's per-message rewards), a sidecar record keyed by the same id.
 */
public record TrainingLine(String id, Map<String, Object> fields, @Nullable Map<String, Object> sidecar) {

    public TrainingLine {
        Objects.requireNonNull(id);
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        sidecar = sidecar == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sidecar));
    }

    /** A line of {@code key, value, key, value, ...} with no sidecar. */
    public static TrainingLine of(String id, Object... keysAndValues) {
        return new TrainingLine(id, pairs(keysAndValues), null);
    }

    public TrainingLine withSidecar(Map<String, Object> sidecar) {
        return new TrainingLine(id, fields, sidecar);
    }

    /** The line as written: {@code id} first, then the fields. */
    public Map<String, Object> map() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.putAll(fields);
        return m;
    }

    /** The sidecar as written: {@code id} first, then its fields; null when there is none. */
    public @Nullable Map<String, Object> sidecarMap() {
        if (sidecar == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.putAll(sidecar);
        return m;
    }

    /** A chat message {@code {"role", "content"}}, the shape TRL's conversational datasets use. */
    public static Map<String, Object> message(String role, String content) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }

    /** One assistant message. */
    public static List<Map<String, Object>> assistant(String content) {
        return List.of(message("assistant", content));
    }

    /** One user message. */
    public static List<Map<String, Object>> user(String content) {
        return List.of(message("user", content));
    }

    static Map<String, Object> pairs(Object... kv) {
        if (kv.length % 2 != 0) throw new IllegalArgumentException("keys and values come in pairs");
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
