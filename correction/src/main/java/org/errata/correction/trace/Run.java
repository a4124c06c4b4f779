package org.errata.correction.trace;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to reproduce a run: the strategy and its parameters, every model with its
 * weights hash, the full prompt templates used, sampling, seed and the Errata version (plus the
 * git commit when known). {@code usesGold} marks strategies that stop on the gold answer
 * (Reflexion), which must not be compared with intrinsic self-correction. {@code recipe} is the
 * run's whole recipe as a recipe file (YAML): what a resume uses. Null for runs imported or made
 * before recipes were recorded.
 */
public record Run(
        RunId id,
        String name,
        String dataset,
        String strategy,
        Map<String, Object> parameters,
        List<ModelRef> models,
        Map<String, String> prompts,
        Sampling sampling,
        boolean usesGold,
        String erratVersion,
        @Nullable String gitCommit,
        Instant createdAt,
        RunStatus status,
        @Nullable String recipe) {

    public Run {
        Ids.check(strategy, "strategy");
        parameters = OrderedMaps.copyOf(parameters);
        models = List.copyOf(models);
        prompts = OrderedMaps.copyOf(prompts);
    }

    /** A run without a recorded recipe (imported, or recorded before recipes). */
    public Run(RunId id, String name, String dataset, String strategy, Map<String, Object> parameters,
               List<ModelRef> models, Map<String, String> prompts, Sampling sampling, boolean usesGold,
               String erratVersion, @Nullable String gitCommit, Instant createdAt, RunStatus status) {
        this(id, name, dataset, strategy, parameters, models, prompts, sampling, usesGold, erratVersion, gitCommit,
                createdAt, status, null);
    }

    public Run withName(String n) {
        return new Run(id, n, dataset, strategy, parameters, models, prompts, sampling, usesGold,
                erratVersion, gitCommit, createdAt, status, recipe);
    }

    public Run withStatus(RunStatus s) {
        return new Run(id, name, dataset, strategy, parameters, models, prompts, sampling, usesGold,
                erratVersion, gitCommit, createdAt, s, recipe);
    }

    /** The model in a role ("student" is the main one), if the run has one. */
    public java.util.Optional<ModelRef> model(String role) {
        return models.stream().filter(m -> m.role().equals(role)).findFirst();
    }
}
