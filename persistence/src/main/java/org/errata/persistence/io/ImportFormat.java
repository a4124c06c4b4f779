package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an import file holds. */
public enum ImportFormat {
    /** Benchmark problems: GSM8K, MATH500, AIME, AMC (also Errata's own dataset export). */
    PROBLEMS("problems", "benchmark problems (GSM8K, MATH500, AIME, AMC, MetaMath): text, key, gold answer, solution, subject, level, other fields"),
    /** Evaluation output: several sampled solutions per problem with per-sample scores. */
    SAMPLES("samples", "evaluation outputs with k samples per problem (Qwen2.5-Math toolkit: code, pred, report, score; its _metrics.json): one imported run, every sample graded"),
    /** GSM8K's example model solutions: several models' solutions per problem, one run per model. */
    GSM8K_SOLUTIONS("gsm8k-solutions", "GSM8K example_model_solutions: one imported run per model, every solution graded, is_correct kept"),
    /** lm-evaluation-harness samples (--log_samples): the doc, the target, every generation. */
    LM_EVAL("lm-eval", "lm-evaluation-harness samples_*.jsonl: the doc as the problem, every generation graded, the harness's metric kept"),
    /** Inspect .eval logs (a zip of JSON): samples with their epochs and scores. */
    INSPECT("inspect", "Inspect .eval logs: each sample a problem (input, target), each epoch a graded attempt, the first scorer's value kept"),
    /** ProcessBench items: paragraphs and the index of the first wrong one. */
    PROCESSBENCH("processbench", "ProcessBench items (the four subsets as Hugging Face publishes them): paragraph steps, the first wrong step as a human label, final_answer_correct, the subset"),
    /** PRM800K label lines: rated steps. */
    PRM800K("prm800k", "PRM800K label lines: the chosen path with its ratings, every other completion (model or human) with its rating, finish reason, flags, time spent"),
    /** Errata's own run export: one trace with its nodes per line. */
    TRACES("traces", "Errata's own run export (export --format jsonl): the run and every node, ids kept");

    private final String wireName;
    private final String description;

    ImportFormat(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    /** One line: what the format is and what an import keeps of it. */
    public String description() {
        return description;
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
