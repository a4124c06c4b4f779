package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.TraceNode;
import org.errata.persistence.db.PersistenceException;
import org.jspecify.annotations.Nullable;

/**
 * Inspect's {@code .eval} logs: a zip of JSON, {@code header.json} (the task and the model under
 * {@code eval}) and one {@code samples/<id>_epoch_<n>.json} per sample and epoch, each with its
 * {@code input} (a string or chat messages), {@code target}, the model's {@code output} and the
 * scorers' {@code scores} ({@code value} C or I, 1 or 0, true or false). Each sample becomes a
 * problem, each epoch an attempt of one imported run, graded by Errata with the first scorer's
 * value kept beside. Records are numbered in sample order (by id, then epoch) for messages.
 */
final class InspectEval {
    private static final Pattern SAMPLE = Pattern.compile("samples/(.+)_epoch_(\\d+)\\.json");

    private InspectEval() {}

    /** Whether {@code file} starts like a zip archive. */
    static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
        } catch (IOException e) {
            return false; // not readable as a zip: SourceRecords will name the reason
        }
    }

    /** The log's model and task, and its samples as records (each with {@code header} added). */
    static List<SourceRecords.Entry> records(Path file, ObjectMapper json) throws PersistenceException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            JsonNode header = null;
            ZipEntry h = zip.getEntry("header.json");
            if (h != null) {
                try (InputStream in = zip.getInputStream(h)) {
                    header = json.readTree(in);
                }
            }
            record Named(ZipEntry entry, String id, int epoch) {}
            List<Named> samples = new ArrayList<>();
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                Matcher m = SAMPLE.matcher(e.getName());
                if (m.matches()) samples.add(new Named(e, m.group(1), Integer.parseInt(m.group(2))));
            }
            if (samples.isEmpty()) throw new PersistenceException("cannot read " + file + ": a zip without samples/*.json is not an Inspect log");
            samples.sort(Comparator.comparing((Named n) -> n.id().matches("\\d{1,9}") ? String.format("%09d", Integer.parseInt(n.id())) : n.id())
                    .thenComparingInt(Named::epoch));
            List<SourceRecords.Entry> out = new ArrayList<>();
            int number = 0;
            for (Named n : samples) {
                number++;
                try (InputStream in = zip.getInputStream(n.entry())) {
                    JsonNode sample = json.readTree(in);
                    if (sample instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                        if (header != null) o.set("__header", header);
                        out.add(new SourceRecords.Entry(number, o, null, false));
                    } else {
                        out.add(new SourceRecords.Entry(number, null, n.entry().getName() + " is not a JSON object", false));
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException bad) {
                    out.add(new SourceRecords.Entry(number, null, n.entry().getName() + " is not JSON: " + SourceRecords.message(bad), false));
                }
            }
            return out;
        } catch (IOException e) {
            throw new PersistenceException("cannot read " + file + " as a zip: " + e.getMessage(), e);
        }
    }

    static boolean looksLike(JsonNode o) {
        return o.has("__header") || o.has("epoch") && o.has("input") && o.has("target") && o.has("output");
    }

    /** One sample: the problem (keyed by the sample id) and the epoch's output as an attempt. */
    static Importer.Parsed read(JsonNode o, java.util.function.Function<JsonNode, Problem> problemOf) {
        String question = text(o.path("input"));
        if (question == null) throw new BadLineException("the sample's 'input' has no text");
        com.fasterxml.jackson.databind.node.ObjectNode line = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        line.set("id", o.path("id"));
        line.put("problem", question);
        JsonNode target = o.path("target");
        if (target.isArray()) target = target.path(0);
        if (!target.isMissingNode()) line.set("answer", target);
        if (o.path("metadata").isObject()) o.get("metadata").fields().forEachRemaining(e -> {
            if (!line.has(e.getKey())) line.set(e.getKey(), e.getValue());
        });
        Problem problem = problemOf.apply(line);
        JsonNode output = o.path("output");
        String completion = text(output.path("choices").path(0).path("message").path("content"));
        if (completion == null && output.path("completion").isTextual()) completion = output.get("completion").asText();
        if (completion == null) throw new BadLineException("the sample's output has no text");
        Boolean label = null;
        String answer = null;
        for (JsonNode score : o.path("scores")) {
            label = value(score.path("value"));
            if (score.path("answer").isTextual()) answer = score.get("answer").asText();
            break;
        }
        String model = o.path("__header").path("eval").path("model").isTextual()
                ? o.get("__header").get("eval").get("model").asText() : output.path("model").asText("unknown");
        List<TraceNode> nodes = List.of(new Attempt(NodeId.random(), null, 0, 1, AttemptRole.IMPORTED, model, "", completion,
                answer, answer == null ? null : ImportGrading.FROM_FILE, label, Map.of(), CallStats.NONE, NodeStatus.OK, null, List.of()));
        return new Importer.Parsed("", problem, nodes, null, null, true);
    }

    /** A string, or the text of chat messages (the last user message) or content parts. */
    private static @Nullable String text(JsonNode n) {
        if (n.isTextual()) return n.asText();
        if (!n.isArray()) return null;
        StringBuilder parts = new StringBuilder();
        String lastUser = null;
        for (JsonNode e : n) {
            if (e.has("role")) {
                if ("user".equals(e.path("role").asText())) lastUser = text(e.path("content"));
            } else if (e.path("text").isTextual()) {
                parts.append(e.get("text").asText());
            }
        }
        return lastUser != null ? lastUser : parts.isEmpty() ? null : parts.toString();
    }

    /** C/I, 1/0, true/false; partial or other values are no label. */
    private static @Nullable Boolean value(JsonNode v) {
        if (v.isBoolean()) return v.booleanValue();
        if (v.isNumber()) return v.doubleValue() >= 1 ? Boolean.TRUE : v.doubleValue() <= 0 ? Boolean.FALSE : null;
        if (v.isTextual()) return switch (v.asText()) {
            case "C" -> Boolean.TRUE;
            case "I" -> Boolean.FALSE;
            default -> null;
        };
        return null;
    }
}
