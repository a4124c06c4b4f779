package org.errata.correction.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelInfo;
import org.errata.runtime.api.SamplingConfig;
import org.jspecify.annotations.Nullable;

/** Builds the reproducible {@link Run} record of a strategy, its models and options. */
public final class RunRecords {

    private RunRecords() {}

    public static Run create(String name, String dataset, Strategy strategy, ModelSet models, RunOptions options,
                             String erratVersion, @Nullable String gitCommit) {
        return create(name, dataset, strategy, models, options, erratVersion, gitCommit, null);
    }

    /**
     * A new PENDING run: the strategy id and the values of its own knobs only (plus budgets, per
     * call and per problem, and parsing choices), every model given a role (with its weights
     * hash), the exact text of each prompt template the strategy renders, the sampler, the Errata
     * version, and the whole recipe file it was started from (null: none).
     */
    public static Run create(String name, String dataset, Strategy strategy, ModelSet models, RunOptions options,
                             String erratVersion, @Nullable String gitCommit, @Nullable String recipe) {
        Map<String, Object> parameters = new LinkedHashMap<>(strategy.knobValues());
        parameters.put("tokens_per_call", options.maxTokensPerCall());
        parameters.put("tokens_per_problem", options.tokenBudgetPerProblem());
        parameters.put("timeout_ms", options.timeout().toMillis());
        parameters.put("concurrency", options.concurrency());
        parameters.put("segmenter", options.parsing().segmenterOr(strategy.defaultSegmenter()).id());
        parameters.put("verdict_parser", options.parsing().verdictParserOr(strategy.defaultVerdictParser()).id());
        parameters.put("spoc_marker", options.parsing().spocMarker());
        // How answers were graded: the recipe's grading policy, which ProblemSession grades under.
        parameters.put("grading", options.grading().describe());
        if (options.parsing().profile() != null) parameters.put("model_profile", options.parsing().profile().name());
        List<ModelRef> refs = new ArrayList<>();
        for (Map.Entry<ModelRole, LanguageModel> e : models.explicitRoles().entrySet()) {
            ModelInfo info = e.getValue().info();
            refs.add(new ModelRef(e.getKey().wireName(), info.id(), info.backend(), info.weightsHash(), null,
                    info.engineVersion()));
        }
        Map<String, String> prompts = new LinkedHashMap<>();
        for (String t : strategy.templates()) prompts.put(t, options.templates().get(t).text());
        SamplingConfig s = options.sampling();
        Sampling sampling = new Sampling(s.temperature(), s.topK(), s.topP(), s.minP(), s.seed(), options.maxTokensPerCall());
        return new Run(RunId.random(), name, dataset, strategy.id(), parameters, refs, prompts, sampling,
                strategy.usesGold(), erratVersion, gitCommit, Instant.now(), RunStatus.PENDING, recipe);
    }
}
