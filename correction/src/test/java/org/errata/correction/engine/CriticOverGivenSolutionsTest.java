package org.errata.correction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.correction.metrics.Metrics;
import org.errata.correction.metrics.MetricsReport;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;

/** A critic run over given, labelled solutions: nothing is solved, each solution is judged once, and ProcessBench scores it. */
class CriticOverGivenSolutionsTest {

    /** A given solution as an import stores it: an attempt of paragraphs, its steps and a human first-error label. */
    private static Trace given(Problem p, List<String> steps, int label, boolean withAlternative) {
        List<TraceNode> nodes = new ArrayList<>();
        NodeId a = new NodeId(p.key() + "-a");
        String text = String.join("\n\n", steps);
        nodes.add(new Attempt(a, null, 0, 1, AttemptRole.IMPORTED, "generator", "", text, null, null, label < 0,
                Map.of(), new CallStats(10, 20, 0, 5), NodeStatus.OK, null, List.of()));
        int at = 0;
        for (int i = 0; i < steps.size(); i++) {
            nodes.add(new Step(new NodeId(p.key() + "-s" + i), a, nodes.size(), i, at, at + steps.get(i).length(), "paragraph"));
            at += steps.get(i).length() + 2;
        }
        nodes.add(new HumanLabel(new NodeId(p.key() + "-l"), a, nodes.size(), "processbench", "paragraph", label, List.of(),
                null, null, false, null, 0, Instant.EPOCH));
        if (withAlternative) {   // a PRM800K-style alternative completion under a step: not a solution of its own
            nodes.add(new Attempt(new NodeId(p.key() + "-alt"), new NodeId(p.key() + "-s0"), nodes.size(), 1,
                    AttemptRole.IMPORTED, "alt", "", "other step", null, null, null, Map.of(), CallStats.NONE, NodeStatus.OK,
                    null, List.of()));
        }
        return new Trace(new RunId("imported"), p.id(), TraceStatus.FINISHED, null, label < 0, nodes);
    }

    @Test
    void theCriticJudgesEachGivenSolutionOnceAndProcessBenchScoresItAgainstTheLabels() {
        Problem p1 = Problem.of("pb", "gsm8k-0", "Problem one", null);
        Problem p2 = Problem.of("pb", "gsm8k-1", "Problem two", null);
        Problem p3 = Problem.of("pb", "math-0", "Problem three", null);
        Problem p4 = Problem.of("pb", "math-1", "Problem four", null);
        Map<ProblemId, Trace> given = new LinkedHashMap<>();
        given.put(p1.id(), given(p1, List.of("A = 1", "B = 2", "So 3"), 1, true));
        given.put(p2.id(), given(p2, List.of("C = 4", "So 4"), -1, false));
        given.put(p3.id(), given(p3, List.of("D = 5", "E = 6", "So 11"), 2, false));
        given.put(p4.id(), given(p4, List.of("F = 7", "So 7"), -1, false));
        Map<String, String> replies = Map.of(
                "Problem one", "Paragraph 1 is wrong. \\boxed{1}",     // right
                "Problem two", "All fine. \\boxed{-1}",                // right
                "Problem three", "Paragraph 0 is wrong. \\boxed{0}",   // wrong: the label is 2
                "Problem four", "I cannot tell.");                     // unparsed: a miss
        ScriptedLanguageModel solver = ScriptedLanguageModel.replaying();
        ScriptedLanguageModel critic = new ScriptedLanguageModel("critic", (prompt, request, sample) ->
                replies.entrySet().stream().filter(e -> prompt.contains("[Math Problem]\n\n" + e.getKey() + "\n"))
                        .map(Map.Entry::getValue).findFirst().orElseThrow());
        Strategy strategy = StrategyRegistry.create("critic").orElseThrow();
        ModelSet models = ModelSet.of(solver).withCritic(critic);
        RunOptions options = Harness.options().withConcurrency(2);
        Run run = RunRecords.create("over", "pb", strategy, models, options, "test", null);
        TraceCollector collector = new TraceCollector();
        RunEngine.RunSummary summary = new RunEngine(strategy, models, options, given)
                .run(run, List.of(p1, p2, p3, p4), Set.of(), collector, Cancellation.none());

        assertThat(summary.outcome()).isEqualTo(LoopEvent.RunOutcome.FINISHED);
        assertThat(solver.prompts()).isEmpty();
        assertThat(critic.prompts()).hasSize(4);
        Trace one = collector.trace(p1.id()).orElseThrow();
        assertThat(Harness.dump(one)).containsExactly(
                "attempt t1 imported parent=- model=generator answer=null correct=false steps=3 ok",
                "human_label",
                "verification critic parent=#0 model=critic verdict=incorrect first_error=1 iter=1 ok",
                "error_location parent=#2 step=1");
        Harness.assertSeqInOrder(one);
        assertThat(one.attempts().get(0).stats()).isEqualTo(CallStats.NONE);
        String prompt = critic.prompts().stream().filter(x -> x.contains("Problem one")).findFirst().orElseThrow();
        assertThat(prompt).contains("<paragraph_0>\nA = 1\n</paragraph_0>\n\n<paragraph_1>\nB = 2\n</paragraph_1>\n\n"
                + "<paragraph_2>\nSo 3\n</paragraph_2>");
        assertThat(Harness.dump(collector.trace(p4.id()).orElseThrow())).containsExactly(
                "attempt t1 imported parent=- model=generator answer=null correct=true steps=2 ok",
                "human_label",
                "verification critic parent=#0 model=critic verdict=unparsed first_error=null iter=1 ok");

        List<Trace> traces = List.of(p1, p2, p3, p4).stream().map(p -> collector.trace(p.id()).orElseThrow()).toList();
        MetricsReport m = Metrics.compute(traces, id -> id.value().contains("gsm8k") ? "gsm8k" : "math");
        assertThat(m.firstError().accErr()).isEqualTo(0.5);      // 1 of 2 erroneous located
        assertThat(m.firstError().accCor()).isEqualTo(0.5);      // 1 of 2 correct called correct
        assertThat(m.firstError().f1()).isEqualTo(0.5);
        assertThat(m.processBench().bySubset().get("gsm8k").f1()).isEqualTo(1.0);
        assertThat(m.processBench().bySubset().get("math").f1()).isEqualTo(0.0);
        assertThat(m.processBench().f1Mean()).isCloseTo(0.5, within(1e-12));
        assertThat(m.verifierByRole()).containsOnlyKeys(org.errata.correction.trace.VerifierRole.CRITIC);
    }

    @Test
    void onlyAJudgingStrategyTakesGivenSolutions() {
        Problem p = Problem.of("pb", "gsm8k-0", "Problem one", null);
        Map<ProblemId, Trace> given = Map.of(p.id(), given(p, List.of("A"), -1, false));
        ScriptedLanguageModel m = ScriptedLanguageModel.replaying();
        assertThatThrownBy(() -> new RunEngine(StrategyRegistry.create("self-refine").orElseThrow(), ModelSet.of(m),
                Harness.options(), given)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("self-refine");
    }
}
