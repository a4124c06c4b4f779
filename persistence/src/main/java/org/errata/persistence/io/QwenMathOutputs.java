package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
