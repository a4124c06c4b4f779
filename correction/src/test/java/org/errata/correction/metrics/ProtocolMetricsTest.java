package org.errata.correction.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.junit.jupiter.api.Test;

/** The papers' protocol figures: verifier quality per role, Δ for any turns, @k figures, GSR's refinement, ProcessBench subsets. */
class ProtocolMetricsTest {

    private static final double EPS = 1e-12;

    @Test
    void verifierQualityIsReportedPerRoleAndTheInspectorIsJudgedOnTheLocation() {
        Traces a = Traces.problem("a");
        Attempt wrongA = a.attempt(1, "1", false);
        a.label(wrongA, 1);
        a.verify(wrongA, Verdict.CORRECT, null, null);                                   // self: FN
        a.verify(wrongA, VerifierRole.CRITIC, Verdict.INCORRECT, null, 1, CallStats.NONE); // critic: TP
        Verification teacherA = a.verify(wrongA, VerifierRole.TEACHER, Verdict.INCORRECT, null, 1, CallStats.NONE);
        ErrorLocation rightLocation = a.located(teacherA, 1);
        a.verifyNode(a.correct(rightLocation).id(), VerifierRole.INSPECTOR, Verdict.CORRECT); // inspector: TN
        Traces b = Traces.problem("b");
        Attempt rightB = b.attempt(1, "2", true);
        b.verify(rightB, Verdict.CORRECT, null, null);                                    // self: TN
        b.verify(rightB, VerifierRole.CRITIC, Verdict.INCORRECT, null, 0, CallStats.NONE);  // critic: FP
        Traces c = Traces.problem("c");
        Attempt wrongC = c.attempt(1, "3", false);
        c.label(wrongC, 0);
        Verification teacherC = c.verify(wrongC, VerifierRole.TEACHER, Verdict.INCORRECT, null, 2, CallStats.NONE);
        ErrorLocation wrongLocation = c.located(teacherC, 2);
        c.verifyNode(c.correct(wrongLocation).id(), VerifierRole.INSPECTOR, Verdict.CORRECT); // inspector: FN
        List<Trace> traces = List.of(a.build(), b.build(), c.build());

        Map<VerifierRole, VerifierQuality> by = VerifierQuality.byRole(traces);
        assertThat(by.keySet()).containsExactly(VerifierRole.SELF, VerifierRole.CRITIC, VerifierRole.TEACHER, VerifierRole.INSPECTOR);
        VerifierQuality self = by.get(VerifierRole.SELF);
        assertThat(List.of(self.tp(), self.fp(), self.fn(), self.tn())).containsExactly(0, 0, 1, 1);
        assertThat(self.accuracy()).isEqualTo(0.5);
        assertThat(self.falseStopRate()).isEqualTo(1.0);
        VerifierQuality critic = by.get(VerifierRole.CRITIC);
        assertThat(List.of(critic.tp(), critic.fp(), critic.fn(), critic.tn())).containsExactly(1, 1, 0, 0);
        assertThat(critic.precision()).isEqualTo(0.5);
        assertThat(critic.overRevisionRate()).isEqualTo(1.0);
        VerifierQuality teacher = by.get(VerifierRole.TEACHER);
        assertThat(List.of(teacher.tp(), teacher.fp(), teacher.fn(), teacher.tn())).containsExactly(2, 0, 0, 0);
        VerifierQuality inspector = by.get(VerifierRole.INSPECTOR);
        assertThat(List.of(inspector.tp(), inspector.fp(), inspector.fn(), inspector.tn())).containsExactly(0, 0, 1, 1);
        // the pooled figure keeps counting verdicts on attempts only (the inspector's are on corrections)
        assertThat(VerifierQuality.of(traces).verifications()).isEqualTo(6);

        @SuppressWarnings("unchecked")
        var json = (Map<String, Map<String, Object>>) Metrics.compute(traces).toJsonMap().get("verifier_by_role");
        assertThat(json.keySet()).containsExactly("self", "critic", "teacher", "inspector");
        assertThat(json.get("critic")).containsEntry("tp", 1).containsEntry("fp", 1).containsEntry("precision", 0.5);
    }

    @Test
    void deltaForAnyPairOfTurnsCarriesTheLastAnswerForward() {
        Traces p = Traces.problem("p");
        p.attempt(1, "1", false);
        p.attempt(2, "2", true);
        p.attempt(3, "2", true);
        Traces q = Traces.problem("q");
        q.attempt(1, "2", true);
        q.attempt(2, "1", false);
        q.attempt(3, "2", true);
        Traces r = Traces.problem("r");
        r.attempt(1, "1", false);
        r.attempt(2, "1", false);
        List<Trace> traces = List.of(p.build(), q.build(), r.build());

        TurnDelta d12 = TurnDelta.of(traces, 1, 2);
        assertThat(d12.delta()).isCloseTo(0, within(EPS));
        assertThat(d12.iToC()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(d12.cToI()).isCloseTo(1.0 / 3, within(EPS));
        TurnDelta d13 = TurnDelta.of(traces, 1, 3);
        assertThat(d13.accT1()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(d13.accT2()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(d13.delta()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(d13.iToC()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(d13.cToI()).isZero();
        assertThat(TurnDelta.of(traces, 3, 1).delta()).isCloseTo(-1.0 / 3, within(EPS));
        TurnDelta d23 = TurnDelta.of(traces, 2, 3);
        assertThat(d23.iToC()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(d23.cToI()).isZero();

        assertThat(TurnDelta.allPairs(traces)).extracting(TurnDelta::key).containsExactly("1->2", "1->3", "2->3");
        @SuppressWarnings("unchecked")
        var json = (Map<String, Map<String, Object>>) Metrics.compute(traces).toJsonMap().get("delta_by_turns");
        assertThat(json.keySet()).containsExactly("1->2", "1->3", "2->3");
        assertThat((Double) json.get("2->3").get("delta_i_to_c")).isCloseTo(1.0 / 3, within(EPS));
    }

    private static void candidates(Traces t, String[] answers, boolean[] right, double[] scores) {
        List<Attempt> cands = new ArrayList<>();
        for (int i = 0; i < answers.length; i++) {
            cands.add(t.attempt(1, answers[i], right[i], "c" + i, AttemptRole.CANDIDATE, CallStats.NONE, null));
        }
        if (scores != null) {
            for (int i = 0; i < answers.length; i++) t.verify(cands.get(i), Verdict.CORRECT, scores[i], null);
        }
    }

    @Test
    void meanPassMajAndBestOfKByScoreOverMultiSampleRuns() {
        Traces s1 = Traces.problem("s1");
        candidates(s1, new String[] {"3", "4", "3", "5"}, new boolean[] {true, false, true, false}, new double[] {.95, .9, .6, .1});
        Traces s2 = Traces.problem("s2");
        candidates(s2, new String[] {"7", "8", "7", "7"}, new boolean[] {false, true, false, false}, new double[] {.5, .9, .3, .8});
        Traces s3 = Traces.problem("s3");
        candidates(s3, new String[] {"1", "1"}, new boolean[] {true, true}, null);
        MetricsReport r = Metrics.compute(List.of(s1.build(), s2.build(), s3.build()));

        assertThat(r.meanAtK().keySet()).containsExactly(1, 2, 4);
        assertThat(r.meanAtK().get(1)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(r.meanAtK().get(2)).isCloseTo(2.0 / 3, within(EPS));
        assertThat(r.meanAtK().get(4)).isCloseTo(0.375, within(EPS));
        assertThat(r.passAtK().get(1)).isCloseTo(1.75 / 3, within(EPS));
        assertThat(r.passAtK().get(2)).isCloseTo(7.0 / 9, within(EPS));   // (1 - 1/6 + 1 - 3/6 + 1) / 3
        assertThat(r.passAtK().get(4)).isEqualTo(1.0);
        assertThat(r.majAtK().get(2)).isCloseTo(2.0 / 3, within(EPS));    // ties go to the first cluster
        assertThat(r.majAtK().get(4)).isCloseTo(0.5, within(EPS));
        // s3 has no scores, so best-of-k is over s1 and s2 only
        assertThat(r.bestAtKByScore().get(1)).isCloseTo(0.5, within(EPS));
        assertThat(r.bestAtKByScore().get(2)).isEqualTo(1.0);
        assertThat(r.bestAtKByScore().get(4)).isEqualTo(1.0);
        var json = r.toJsonMap();
        assertThat(json).containsKeys("mean_at_k", "pass_at_k", "maj_at_k", "best_at_k_by_score");
        @SuppressWarnings("unchecked")
        var best = (Map<String, Double>) json.get("best_at_k_by_score");
        assertThat(best).containsOnlyKeys("1", "2", "4");

        Traces u = Traces.problem("u");
        candidates(u, new String[] {"1", "2"}, new boolean[] {true, false}, null);
        assertThat(Metrics.compute(List.of(u.build())).toJsonMap())
                .containsKeys("mean_at_k", "pass_at_k", "maj_at_k").doesNotContainKey("best_at_k_by_score");
    }

    private static Traces gsr(String key, String[] answers, boolean[] right, String refined, boolean refinedRight) {
        Traces t = Traces.problem(key);
        List<Attempt> cands = new ArrayList<>();
        for (int i = 0; i < answers.length; i++) {
            cands.add(t.attempt(1, answers[i], right[i], "c" + i, AttemptRole.CANDIDATE, CallStats.NONE, null));
        }
        t.refine(cands, refined, refinedRight);
        return t.outcome(refinedRight);
    }

    @Test
    void refinementGapAndAllWrongToCorrectRate() {
        List<Trace> traces = List.of(
                gsr("g1", new String[] {"1", "1", "2"}, new boolean[] {false, false, false}, "9", true),
                gsr("g2", new String[] {"5", "6", "5"}, new boolean[] {true, false, true}, "6", false),
                gsr("g3", new String[] {"7", "8", "7"}, new boolean[] {false, true, false}, "8", true),
                gsr("g4", new String[] {"1", "2", "3"}, new boolean[] {false, false, false}, "4", false)).stream()
                .map(Traces::build).toList();
        Refinement r = Metrics.compute(traces).refinement();
        assertThat(r.problems()).isEqualTo(4);
        assertThat(r.refineAcc()).isEqualTo(0.5);
        assertThat(r.majAtN()).isEqualTo(0.25);
        assertThat(r.passAtN()).isEqualTo(0.5);
        assertThat(r.meanCandidateAcc()).isCloseTo(0.25, within(EPS));
        assertThat(r.refinementGap()).isCloseTo(0.25, within(EPS));
        assertThat(r.refinementGapRelative()).isCloseTo(1.0, within(EPS));
        assertThat(r.gainOverMean()).isCloseTo(0.25, within(EPS));
        assertThat(r.gainOverPass()).isCloseTo(0, within(EPS));
        assertThat(r.allWrong()).isEqualTo(2);
        assertThat(r.allWrongToCorrect()).isEqualTo(1);
        assertThat(r.allWrongToCorrectRate()).isEqualTo(0.5);
        assertThat(r.anyRightToWrongRate()).isEqualTo(0.5);
        var json = Metrics.compute(traces).toJsonMap();
        assertThat(json).containsEntry("refinement_gap", r.refinementGap())
                .containsEntry("refine_all_wrong_to_correct_rate", 0.5).containsEntry("refine_problems", 4);

        assertThat(Metrics.compute(List.of(Traces.problem("x").build())).refinement().refinementGap()).isNull();
    }

    @Test
    void processBenchPerSubsetWithThePlainAndWeightedMeans() {
        List<Trace> traces = new ArrayList<>();
        traces.add(item("gsm8k-1", 2, Verdict.INCORRECT, 2));    // hit
        traces.add(item("gsm8k-2", 1, Verdict.INCORRECT, 3));    // miss
        traces.add(item("gsm8k-3", -1, Verdict.CORRECT, -1));    // hit
        traces.add(item("gsm8k-4", -1, Verdict.UNPARSED, null)); // miss: no prediction
        traces.add(item("math-1", 0, Verdict.INCORRECT, 0));     // hit
        traces.add(item("math-2", -1, Verdict.CORRECT, null));   // hit: "correct" without a step is -1
        MetricsReport r = Metrics.compute(traces, p -> p.value().contains("gsm8k") ? "gsm8k" : "math");

        ProcessBenchScore pb = r.processBench();
        assertThat(pb.bySubset().keySet()).containsExactly("gsm8k", "math");
        FirstErrorQuality gsm = pb.bySubset().get("gsm8k");
        assertThat(gsm.processBenchItems()).isEqualTo(4);
        assertThat(gsm.accErr()).isEqualTo(0.5);
        assertThat(gsm.accCor()).isEqualTo(0.5);
        assertThat(gsm.f1()).isEqualTo(0.5);
        assertThat(pb.bySubset().get("math").f1()).isEqualTo(1.0);
        assertThat(pb.f1Mean()).isCloseTo(0.75, within(EPS));
        assertThat(pb.f1Weighted()).isCloseTo(2.0 / 3, within(EPS));
        var json = r.toJsonMap();
        assertThat((Double) json.get("processbench_acc_error")).isCloseTo(2.0 / 3, within(EPS));
        assertThat((Double) json.get("processbench_acc_correct")).isCloseTo(2.0 / 3, within(EPS));
        assertThat((Double) json.get("processbench_f1")).isCloseTo(2.0 / 3, within(EPS));
        assertThat(json).containsEntry("processbench_f1_mean", pb.f1Mean()).containsEntry("processbench_items", 6);
    }

    private static Trace item(String key, int label, Verdict verdict, Integer predicted) {
        Traces t = Traces.problem(key);
        Attempt a = t.attempt(1, null, label < 0);
        t.label(a, label);
        t.verify(a, VerifierRole.CRITIC, verdict, null, predicted, CallStats.NONE);
        return t.build();
    }
}
