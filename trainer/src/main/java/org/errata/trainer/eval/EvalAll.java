package org.errata.trainer.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.engine.ModelSet;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.RunOptions;
import org.errata.correction.engine.RunRecords;
import org.errata.correction.engine.Strategy;
import org.errata.correction.engine.TraceCollector;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.SamplingConfig;
import org.errata.trainer.data.ArithmeticProblem;
import org.errata.trainer.data.DemoFormat;
import org.errata.trainer.data.EngineTranscript;
import org.jspecify.annotations.Nullable;

/**
 * Every strategy the demo model speaks, run through the real engine with its built-in recipe on
 * the same problems, scored into one table ({@link StrategyScores}). The model plays every role
 * (student, teacher, inspector, critic), as a run with {@code --model demo} does.
 */
public final class EvalAll {

    public static final String DATASET = "demo-heldout";

    private EvalAll() {}

    /**
     * @param sampling        replaces the recipes' sampling when not null (the evaluation's temperature and seed)
     * @param maxTokensPerCall caps each call when positive (only to keep a smoke test short; 0: the recipe's budget)
     */
    public static List<StrategyScores> run(LanguageModel model, List<ArithmeticProblem> problems, List<DemoFormat> formats,
            @Nullable SamplingConfig sampling, int maxTokensPerCall, int concurrency, PrintStream log) {
        List<Problem> engineProblems = new ArrayList<>();
        for (int i = 0; i < problems.size(); i++) {
            engineProblems.add(EngineTranscript.problem(DATASET, Integer.toString(i), problems.get(i)));
        }
        List<StrategyScores> rows = new ArrayList<>();
        for (DemoFormat format : formats) {
            long start = System.nanoTime();
            Recipe recipe = EngineTranscript.recipe(format);
            Strategy strategy = recipe.strategyInstance();
            RunOptions options = recipe.runOptions(concurrency);
            if (sampling != null) {
                options = options.withSampling(sampling);
            }
            if (maxTokensPerCall > 0) {
                options = options.withMaxTokensPerCall(maxTokensPerCall);
            }
            ModelSet models = ModelSet.of(model);
            Run run = RunRecords.create("eval-all " + format.recipe(), DATASET, strategy, models, options, "trainer", null);
            TraceCollector traces = new TraceCollector();
            RunEngine.RunSummary summary = new RunEngine(strategy, models, options)
                    .run(run, engineProblems, Set.of(), LoopListener.all(traces), Cancellation.none());
            List<StrategyScores.Run> runs = new ArrayList<>();
            for (int i = 0; i < engineProblems.size(); i++) {
                Problem p = engineProblems.get(i);
                var trace = traces.trace(p.id());
                var outcome = summary.outcomes().get(p.id());
                if (trace.isPresent() && outcome != null) {
                    runs.add(new StrategyScores.Run(problems.get(i), trace.get(), outcome));
                }
            }
            StrategyScores s = StrategyScores.of(format, runs);
            rows.add(s);
            log.printf(Locale.ROOT, "%s: %d problems in %.0f s%n", format.recipe(), runs.size(), (System.nanoTime() - start) / 1e9);
            log.flush();
        }
        return rows;
    }
}
