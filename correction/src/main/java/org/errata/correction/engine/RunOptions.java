package org.errata.correction.engine;

import java.time.Duration;
import java.util.Objects;
import org.errata.runtime.api.SamplingConfig;

/**
 * How a run decodes: {@code concurrency} problems in flight at once (a batching backend sees
 * their calls together), the sampler, {@code maxTokensPerCall}, a per-problem token budget
 * (completion tokens summed over the problem's calls; 0 = none), a per-problem wall-clock
 * {@code timeout} ({@link Duration#ZERO} = none) and the parsing pieces.
 */
public record RunOptions(
        int concurrency,
        SamplingConfig sampling,
        int maxTokensPerCall,
        int tokenBudgetPerProblem,
        Duration timeout,
        Parsing parsing,
        PromptTemplates templates) {

    public RunOptions {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
        if (maxTokensPerCall < 1) throw new IllegalArgumentException("max tokens per call must be >= 1");
        if (tokenBudgetPerProblem < 0) throw new IllegalArgumentException("token budget must be >= 0");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(parsing, "parsing");
        Objects.requireNonNull(templates, "templates");
        if (timeout.isNegative()) throw new IllegalArgumentException("negative timeout");
    }

    public static RunOptions defaults() {
        return new RunOptions(1, SamplingConfig.greedy(), 1024, 0, Duration.ZERO, Parsing.defaults(),
                PromptTemplates.defaults());
    }

    public RunOptions withConcurrency(int v) { return new RunOptions(v, sampling, maxTokensPerCall, tokenBudgetPerProblem, timeout, parsing, templates); }
    public RunOptions withSampling(SamplingConfig v) { return new RunOptions(concurrency, v, maxTokensPerCall, tokenBudgetPerProblem, timeout, parsing, templates); }
    public RunOptions withMaxTokensPerCall(int v) { return new RunOptions(concurrency, sampling, v, tokenBudgetPerProblem, timeout, parsing, templates); }
    public RunOptions withTokenBudgetPerProblem(int v) { return new RunOptions(concurrency, sampling, maxTokensPerCall, v, timeout, parsing, templates); }
    public RunOptions withTimeout(Duration v) { return new RunOptions(concurrency, sampling, maxTokensPerCall, tokenBudgetPerProblem, v, parsing, templates); }
    public RunOptions withParsing(Parsing v) { return new RunOptions(concurrency, sampling, maxTokensPerCall, tokenBudgetPerProblem, timeout, v, templates); }
    public RunOptions withTemplates(PromptTemplates v) { return new RunOptions(concurrency, sampling, maxTokensPerCall, tokenBudgetPerProblem, timeout, parsing, v); }
}
