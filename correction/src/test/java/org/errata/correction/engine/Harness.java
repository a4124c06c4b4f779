package org.errata.correction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.jspecify.annotations.Nullable;

/** Runs strategies against scripted models and prints trees in a compact, comparable form. */
final class Harness {

    private Harness() {}

    static final Problem PROBLEM = Problem.of("test", "1", "What is 17 + 25 * 2?", "67");

    static RunOptions options() {
        return RunOptions.defaults().withSampling(SamplingConfig.greedy()).withMaxTokensPerCall(400);
    }

    record Result(TraceCollector events, RunEngine.RunSummary summary, Run run) {
        Trace trace() {
            return trace(PROBLEM);
        }

        Trace trace(Problem p) {
            return events.trace(p.id()).orElseThrow();
        }

        LoopOutcome outcome() {
            return summary.outcomes().get(PROBLEM.id());
        }
    }

    static Result run(Strategy strategy, ModelSet models, RunOptions options, List<Problem> problems,
                      Set<org.errata.correction.trace.ProblemId> finished, Cancellation cancellation,
                      LoopListener... extra) {
        Run run = RunRecords.create("test", "test", strategy, models, options, "test-version", null);
        TraceCollector collector = new TraceCollector();
        List<LoopListener> all = new ArrayList<>();
        all.add(collector);
        all.addAll(List.of(extra));
        RunEngine.RunSummary summary = new RunEngine(strategy, models, options)
                .run(run, problems, finished, LoopListener.all(all.toArray(LoopListener[]::new)), cancellation);
        return new Result(collector, summary, run);
    }

    static Result run(Strategy strategy, ModelSet models, RunOptions options) {
        return run(strategy, models, options, List.of(PROBLEM), Set.of(), Cancellation.none());
    }

    static Result run(Strategy strategy, ScriptedLanguageModel model) {
        return run(strategy, ModelSet.of(model), options());
    }

    static Strategy strategy(String id) {
        return StrategyRegistry.create(id).orElseThrow();
    }

    /** The strategy with these knobs set (the rest at its defaults), as a recipe sets them. */
    static Strategy strategy(String id, java.util.Map<String, ?> knobs) {
        return StrategyRegistry.create(id, knobs).orElseThrow();
    }

    /**
     * One line per node except steps (which are counted on their attempt): kind, the parent as
     * {@code #index} among the listed nodes, and the fields a strategy decides.
     */
    static List<String> dump(Trace trace) {
        Map<NodeId, Integer> index = new HashMap<>();
        Map<NodeId, Integer> steps = new HashMap<>();
        for (TraceNode n : trace.nodes()) {
            if (n instanceof Step s) steps.merge(s.parent(), 1, Integer::sum);
            else index.put(n.id(), index.size());
        }
        List<String> out = new ArrayList<>();
        for (TraceNode n : trace.nodes()) {
            String parent = ref(index, n.parent());
            switch (n) {
                case Attempt a -> out.add("attempt t" + a.turn() + " " + a.role().wireName() + " parent=" + parent
                        + " model=" + a.model() + " answer=" + a.finalAnswer() + " correct=" + a.correct()
                        + " steps=" + steps.getOrDefault(a.id(), 0) + " " + a.status().wireName());
                case Verification v -> out.add("verification " + v.role().wireName() + " parent=" + parent
                        + " model=" + v.model() + " verdict=" + v.verdict().wireName()
                        + " first_error=" + v.predictedFirstError() + " iter=" + v.iteration() + " " + v.status().wireName());
                case ErrorLocation e -> out.add("error_location parent=" + parent + " step=" + e.stepIndex());
                case Correction c -> out.add("correction parent=" + parent + " by=" + c.producedBy());
                case Aggregate g -> out.add("aggregate " + g.kind().wireName() + " parent=" + parent
                        + " inputs=" + g.inputs().stream().map(i -> ref(index, i)).toList()
                        + " answer=" + g.answer() + " chosen=" + ref(index, g.chosen()) + " correct=" + g.correct());
                case Step s -> { }
                case HumanLabel h -> out.add("human_label");
            }
        }
        return out;
    }

    private static String ref(Map<NodeId, Integer> index, @Nullable NodeId id) {
        if (id == null) return "-";
        Integer i = index.get(id);
        return i == null ? "?" + id : "#" + i;
    }

    static void assertSeqInOrder(Trace trace) {
        for (int i = 0; i < trace.nodes().size(); i++) {
            assertThat(trace.nodes().get(i).seq()).as("seq of node %d", i).isEqualTo(i);
        }
    }

    /** A responder that continues {@code script} from the partial assistant text at the end of the prompt. */
    static ScriptedLanguageModel.Responder continuing(String script) {
        return (prompt, request, sample) -> {
            String partial = prompt.substring(prompt.lastIndexOf("<assistant>\n") + "<assistant>\n".length());
            if (!script.startsWith(partial)) throw new IllegalStateException("prompt does not follow the script: " + partial);
            return script.substring(partial.length());
        };
    }
}
