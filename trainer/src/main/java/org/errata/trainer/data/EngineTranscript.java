package org.errata.trainer.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.engine.LoopOutcome;
import org.errata.correction.engine.ModelSet;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.RunOptions;
import org.errata.correction.engine.RunRecords;
import org.errata.correction.engine.Strategy;
import org.errata.correction.engine.TraceCollector;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.Recipes;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.fake.ScriptedLanguageModel;

/**
 * One demo problem run through the real correction engine under a format's built-in recipe, with
 * a scripted model that answers each call from the format's script. The engine renders every
 * prompt (system turns, earlier turns, feedback and refine templates, GSR's candidate list, the
 * critic's paragraph tags), so a training example is exactly the call the engine will make: the
 * trainer writes no prompt text of its own. The trace is what the strategy made of the answers.
 *
 * @param examples one per sample of every call, in call order
 * @param trace    the nodes the engine emitted
 * @param outcome  how the loop ended
 * @param unused   answers of the script the engine did not ask for (0 when format and strategy agree)
 */
public record EngineTranscript(List<ChatExample> examples, Trace trace, LoopOutcome outcome, int unused) {

    /** The dataset name the training problems run under; the gold solution is the held-out file's answer field. */
    public static final String DATASET = "demo-train";

    private static final Map<String, Recipe> RECIPES = new ConcurrentHashMap<>();

    public static Recipe recipe(DemoFormat format) {
        return RECIPES.computeIfAbsent(format.recipe(), Recipes::builtin);
    }

    /** GSR's N: the {@code samples} knob of the built-in gsr recipe. */
    public static int gsrCandidates() {
        return ((Number) recipe(DemoFormat.GSR).params().get("samples")).intValue();
    }

    /** The problem as the engine sees a held-out one: the question, the gold answer and the GSM8K-style solution. */
    public static Problem problem(ArithmeticProblem p) {
        return problem(DATASET, "1", p);
    }

    /** The problem under a dataset and key of its own. */
    public static Problem problem(String dataset, String key, ArithmeticProblem p) {
        return new Problem(ProblemId.of(dataset, key), dataset, key, p.question(), Long.toString(p.answer()),
                p.gsm8kAnswer(), null, null, Map.of());
    }

    /** Draws the format's script for {@code problem} from {@code slips} and runs it through the engine. */
    public static EngineTranscript run(DemoFormat format, ArithmeticProblem problem, Slips slips) {
        return run(format, problem, format.answers(problem, slips, gsrCandidates()));
    }

    /** Runs {@code answers} (one per sample, in call order) through the engine under the format's built-in recipe. */
    public static EngineTranscript run(DemoFormat format, ArithmeticProblem problem, List<String> answers) {
        Recipe recipe = recipe(format);
        Strategy strategy = recipe.strategyInstance();
        RunOptions options = recipe.runOptions(1);
        Deque<String> script = new ArrayDeque<>(answers);
        List<ChatExample> examples = new ArrayList<>();
        ScriptedLanguageModel model = new ScriptedLanguageModel("demo-script", (rendered, request, sample) -> {
            synchronized (script) {
                if (script.isEmpty()) {
                    throw new IllegalStateException(format.recipe() + " asked for more calls than its script has");
                }
                String answer = script.removeFirst();
                if (!(request.prompt() instanceof Prompt.Chat chat)) {
                    throw new IllegalStateException(format.recipe() + " sent a raw prompt");
                }
                examples.add(new ChatExample(format, chat.messages(), answer));
                return answer;
            }
        });
        ModelSet models = ModelSet.of(model);
        Run run = RunRecords.create(DATASET, DATASET, strategy, models, options, "trainer", null);
        TraceCollector collector = new TraceCollector();
        Problem p = problem(problem);
        RunEngine.RunSummary summary = new RunEngine(strategy, models, options)
                .run(run, List.of(p), Set.of(), LoopListener.all(collector), Cancellation.none());
        Trace trace = collector.trace(p.id()).orElseThrow(() -> new IllegalStateException(format.recipe() + " made no trace"));
        LoopOutcome outcome = summary.outcomes().get(p.id());
        if (outcome instanceof LoopOutcome.Failed f) {
            throw new IllegalStateException(format.recipe() + " failed on " + problem.expression() + ": " + f);
        }
        return new EngineTranscript(List.copyOf(examples), trace, outcome, script.size());
    }
}
