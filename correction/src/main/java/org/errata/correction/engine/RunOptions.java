package org.errata.correction.engine;

import java.time.Duration;
import java.util.Objects;
import org.errata.correction.grading.GradingPolicy;
import org.errata.runtime.api.SamplingConfig;

/**
 * How a run decodes: {@code concurrency} problems in flight at once (a batching backend sees
 * their calls together), the sampler, {@code maxTokensPerCall} (one solution or one
 * verification; a single-pass stream of several turns gets that per turn), a per-problem token
 * budget (completion tokens summed over the problem's calls; 0 = none), a per-problem
 * wall-clock {@code timeout} ({@link Duration#ZERO} = none), the parsing pieces, the prompt
 * templates and the grading policy. A recipe resolves all of it.
 */
public record RunOptions(
        int concurrency,
        SamplingConfig sampling,
        int maxTokensPerCall,
        int tokenBudgetPerProblem,
        Duration timeout,
        Parsing parsing,
        PromptTemplates templates,
        GradingPolicy grading) {

    public RunOptions {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
        if (maxTokensPerCall < 1) throw new IllegalArgumentException("max tokens per call must be >= 1");
        if (tokenBudgetPerProblem < 0) throw new IllegalArgumentException("token budget must be >= 0");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(parsing, "parsing");
        Objects.requireNonNull(templates, "templates");
        Objects.requireNonNull(grading, "grading");
        if (timeout.isNegative()) throw new IllegalArgumentException("negative timeout");
    }

    public static RunOptions defaults() {
        return new RunOptions(1, SamplingConfig.greedy(), 1024, 0, Duration.ZERO, Parsing.defaults(),
                PromptTemplates.defaults(), GradingPolicy.standard());
    }

    public RunOptions withConcurrency(int v) { return new RunOptions(v, sampling, maxTokensPerCall, tokenBudgetPerProblem, timeout, parsing, templates, grading); }
    public RunOptions withSampling(SamplingConfig v) { return new RunOptions(concurrency, v, maxTokensPerCall, tokenBudgetPerProblem, timeout, parsing, templates, grading); }
    public RunOptions withMaxTokensPerCall(int v) { return new RunOptions(concurrency, sampling, v, tokenBudgetPerProblem, timeout, parsing, templates, grading); }
    public RunOptions withTokenBudgetPerProblem(int v) { return new RunOptions(concurrency, sampling, maxTokensPerCall, v, timeout, parsing, templates, grading); }
    public RunOptions withTimeout(Duration v) { return new RunOptions(concurrency, sampling, maxTokensPerCall, tokenBudgetPerProblem, v, parsing, templates, grading); }
    public RunOptions withParsing(Parsing v) { return new RunOptions(concurrency, sampling, maxTokensPerCall, tokenBudgetPerProblem, timeout, v, templates, grading); }
    public RunOptions withTemplates(PromptTemplates v) { return new RunOptions(concurrency, sampling, maxTokensPerCall, tokenBudgetPerProblem, timeout, parsing, v, grading); }
    public RunOptions withGrading(GradingPolicy v) { return new RunOptions(concurrency, sampling, maxTokensPerCall, tokenBudgetPerProblem, timeout, parsing, templates, v); }
}
