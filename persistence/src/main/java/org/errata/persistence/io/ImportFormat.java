package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an import file holds. */
public enum ImportFormat {
    /** Benchmark problems: GSM8K, MATH500, AIME, AMC (also Errata's own dataset export). */
    PROBLEMS("problems"),
    /** Evaluation output: several sampled solutions per problem with per-sample scores. */
    SAMPLES("samples"),
    /** ProcessBench items: paragraphs and the index of the first wrong one. */
    PROCESSBENCH("processbench"),
    /** PRM800K label lines: rated steps. */
    PRM800K("prm800k"),
    /** Errata's own run export: one trace with its nodes per line. */
    TRACES("traces");

    private final String wireName;

    ImportFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ImportFormat> fromName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "gsm8k", "math", "math500", "aime", "amc", "jsonl" -> Optional.of(PROBLEMS);
            default -> Arrays.stream(values()).filter(f -> f.wireName.equals(n)).findFirst();
        };
    }

    /** Guesses the format from one JSON object of the file. */
    public static Optional<ImportFormat> detect(JsonNode o) {
        if (!o.isObject()) return Optional.empty();
        if (o.has("nodes") && o.has("run")) return Optional.of(TRACES);
        if (o.path("label").isObject() && o.path("question").isObject()) return Optional.of(PRM800K);
        if (o.path("steps").isArray() && o.has("label")) return Optional.of(PROCESSBENCH);
        if (o.path("code").isArray() || o.path("response").isArray() || o.path("responses").isArray()) {
            return Optional.of(SAMPLES);
        }
        if (o.path("problem").isTextual() || o.path("question").isTextual()) return Optional.of(PROBLEMS);
        return Optional.empty();
    }
}
