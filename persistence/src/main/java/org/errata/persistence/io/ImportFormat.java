package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an import file holds. */
public enum ImportFormat {
    /** Benchmark problems: GSM8K, MATH500, AIME, AMC (also Errata's own dataset export). */
    PROBLEMS("problems", "benchmark problems: GSM8K, MATH500, AIME, AMC, MetaMath"),
    /** Evaluation output: several sampled solutions per problem with per-sample scores. */
    SAMPLES("samples", "k samples per problem (Qwen2.5-Math toolkit outputs)"),
    /** GSM8K's example model solutions: several models' solutions per problem, one run per model. */
    GSM8K_SOLUTIONS("gsm8k-solutions", "GSM8K example_model_solutions: one run per model"),
    /** lm-evaluation-harness samples (--log_samples): the doc, the target, every generation. */
    LM_EVAL("lm-eval", "lm-evaluation-harness samples_*.jsonl"),
    /** Inspect .eval logs (a zip of JSON): samples with their epochs and scores. */
    INSPECT("inspect", "Inspect .eval logs: samples, epochs and scores"),
    /** ProcessBench items: paragraphs and the index of the first wrong one. */
    PROCESSBENCH("processbench", "ProcessBench items, the four subsets as published"),
    /** PRM800K label lines: rated steps. */
    PRM800K("prm800k", "PRM800K label lines, every completion with its rating"),
    /** Potato's process-reward export: step rewards onto attempts written as Potato items ({@code export --format potato}). */
    POTATO_PRM("potato-prm", "Potato process_reward export: labels onto exported attempts"),
    /** Errata's own run export: one trace with its nodes per line. */
    TRACES("traces", "Errata's own run export (export --format jsonl)");

    private final String wireName;
    private final String description;

    ImportFormat(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    /** One short line (the README's table says what is kept of each). */
    public String description() {
        return description;
    }

    /** Whether the file only labels attempts already stored (no problems, no runs of its own). */
    public boolean labelsOnly() {
        return this == POTATO_PRM;
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
        if (ErrataTraces.looksLike(o)) return Optional.of(TRACES);
        if (Prm800k.looksLike(o)) return Optional.of(PRM800K);
        if (Potato.looksLike(o)) return Optional.of(POTATO_PRM);
        if (ProcessBench.looksLike(o)) return Optional.of(PROCESSBENCH);
        if (Gsm8kSolutions.looksLike(o)) return Optional.of(GSM8K_SOLUTIONS);
        if (LmEvalSamples.looksLike(o)) return Optional.of(LM_EVAL);
        if (InspectEval.looksLike(o)) return Optional.of(INSPECT);
        if (o.path("code").isArray() || o.path("response").isArray() || o.path("responses").isArray()) {
            return Optional.of(SAMPLES);
        }
        if (o.path("problem").isTextual() || o.path("question").isTextual() || o.path("query").isTextual()) {
            return Optional.of(PROBLEMS);
        }
        return Optional.empty();
    }
}
