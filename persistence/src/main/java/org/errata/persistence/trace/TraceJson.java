package org.errata.persistence.trace;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of domain records, shared by the node payload column, the run's JSON columns
 * and the exports: ids are plain strings, instants ISO-8601 strings, records by component name.
 */
public final class TraceJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(idModule())
            .addMixIn(Attempt.class, VerdictsWhenRecorded.class)
            .addMixIn(Aggregate.class, VerdictsWhenRecorded.class)
            .addMixIn(HumanLabel.class, SourceWhenKept.class)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** Checker verdicts are written only where there are some (a disagreement); absent reads as none. */
    private interface VerdictsWhenRecorded {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, @Nullable Boolean> checkerVerdicts();
    }

    /** A label's source fields are written only where there are some; absent reads as none. */
    private interface SourceWhenKept {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        Map<String, Object> source();
    }

    /**
     * Node payloads: without nulls, and without {@code id}, {@code parent}, {@code seq} and
     * {@code checkerVerdicts}, which the node row keeps in its own columns (a third of a step's
     * payload was those two UUIDs).
     */
    private static final ObjectMapper PAYLOAD = MAPPER.copy()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(TraceNode.class, RowColumns.class);

    @JsonIgnoreProperties({"id", "parent", "seq", "checkerVerdicts"})
    private interface RowColumns {}

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<ModelRef>> MODELS = new TypeReference<>() {};

    private TraceJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The record class stored under a {@link TraceNode#nodeKind()} name. */
    public static Class<? extends TraceNode> nodeClass(String kind) {
        return switch (kind) {
            case "attempt" -> Attempt.class;
            case "step" -> Step.class;
            case "verification" -> Verification.class;
            case "error_location" -> ErrorLocation.class;
            case "correction" -> Correction.class;
            case "aggregate" -> Aggregate.class;
            case "human_label" -> HumanLabel.class;
            default -> throw new IllegalArgumentException("unknown node kind '" + kind + "'");
        };
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // Domain records always serialise; a failure here is a programming error.
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static TraceNode readNode(String kind, String json) throws IOException {
        return MAPPER.readValue(json, nodeClass(kind));
    }

    /**
     * Writes each node's payload and reads it back, dropping the result: the first node of a record
     * type a process reads builds that type's reader (most of the 90-150 ms the first tree took to
     * read on 2 cores; later trees take 2-5 ms), and this builds them ahead, from nodes in memory.
     *
     * @return the nodes as read back
     */
    public static List<TraceNode> warmUp(java.util.Collection<? extends TraceNode> nodes) throws IOException {
        List<TraceNode> out = new java.util.ArrayList<>(nodes.size());
        for (TraceNode n : nodes) {
            out.add(readPayload(n.nodeKind(), writePayload(n), n.id().value(), n.parent() == null ? null : n.parent().value(),
                    n.seq(), checkerVerdictsColumn(n)));
        }
        return out;
    }

    /** The node's checker verdicts as its row's column holds them: JSON, or null where it has none. */
    static @Nullable String checkerVerdictsColumn(TraceNode node) {
        Map<String, @Nullable Boolean> verdicts = switch (node) {
            case Attempt a -> a.checkerVerdicts();
            case Aggregate g -> g.checkerVerdicts();
            default -> Map.of();
        };
        return verdicts.isEmpty() ? null : write(verdicts);
    }

    /** The stored payload of {@code node}: compact, and without the fields its row has as columns. */
    static String writePayload(TraceNode node) {
        try {
            return PAYLOAD.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + node.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads a node from its row: the payload (compact, or a whole record as older databases and
     * merged shards may hold) with the row's id, parent and seq columns and, when not NULL, its
     * checker verdicts column (a JSON object).
     */
    static TraceNode readPayload(String kind, String payload, String id, @Nullable String parent, int seq,
                                 @Nullable String checkerVerdicts) throws IOException {
        // The columns go in front as text (no tree in between, which made loading a tree twice as
        // slow); in a whole-record payload the same keys come again, and the later ones win.
        int open = 0;
        while (open < payload.length() && Character.isWhitespace(payload.charAt(open))) open++;
        if (open == payload.length() || payload.charAt(open) != '{') {
            throw new IOException("the payload is not a JSON object");
        }
        StringBuilder json = new StringBuilder(payload.length() + 120).append("{\"id\":");
        quote(json, id).append(",\"parent\":");
        if (parent == null) json.append("null");
        else quote(json, parent);
        json.append(",\"seq\":").append(seq);
        if (checkerVerdicts != null) {
            String verdicts = checkerVerdicts.strip();
            if (!verdicts.startsWith("{") || !verdicts.endsWith("}")) {
                throw new IOException("the checker verdicts are not a JSON object");
            }
            json.append(",\"checkerVerdicts\":").append(verdicts);
        }
        int next = open + 1;
        while (next < payload.length() && Character.isWhitespace(payload.charAt(next))) next++;
        if (next < payload.length() && payload.charAt(next) != '}') json.append(',');
        json.append(payload, next, payload.length());
        return MAPPER.readValue(json.toString(), nodeClass(kind));
    }

    private static StringBuilder quote(StringBuilder out, String value) {
        return out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(value)).append('"');
    }

    static Map<String, Object> readMap(String json) throws IOException {
        return MAPPER.readValue(json, MAP);
    }

    static Map<String, String> readStringMap(String json) throws IOException {
        return MAPPER.readValue(json, STRING_MAP);
    }

    static List<ModelRef> readModels(String json) throws IOException {
        return MAPPER.readValue(json, MODELS);
    }

    private static SimpleModule idModule() {
        SimpleModule m = new SimpleModule("errata-ids");
        addStringType(m, NodeId.class, NodeId::new, NodeId::value);
        addStringType(m, RunId.class, RunId::new, RunId::value);
        addStringType(m, ProblemId.class, ProblemId::new, ProblemId::value);
        addStringType(m, Instant.class, Instant::parse, Instant::toString);
        return m;
    }

    private static <T> void addStringType(SimpleModule m, Class<T> type, Function<String, T> parse,
                                          Function<T, String> format) {
        m.addSerializer(type, new JsonSerializer<T>() {
            @Override
            public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(format.apply(value));
            }
        });
        m.addDeserializer(type, new JsonDeserializer<T>() {
            @Override
            public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                try {
                    return parse.apply(text);
                } catch (IllegalArgumentException | DateTimeParseException | NullPointerException e) {
                    return ctxt.reportInputMismatch(type, "bad %s '%s': %s", type.getSimpleName(), text, e.getMessage());
                }
            }
        });
    }
}
