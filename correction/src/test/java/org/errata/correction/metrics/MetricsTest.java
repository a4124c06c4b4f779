package org.errata.correction.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.errata.correction.grading.Grader;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.junit.jupiter.api.Test;

/** Every expected number below was worked out by hand from the traces built in each test. */
class MetricsTest {

    private static final double EPS = 1e-12;

    private static List<Trace> fourChains() {
        Traces p1 = Traces.problem("p1");
        p1.attempt(1, "3", false, "abc", AttemptRole.PROPOSER, CallStats.NONE, null);
        p1.attempt(2, "4", true, "abd", AttemptRole.PROPOSER, CallStats.NONE, null);
        Traces p2 = Traces.problem("p2");
        p2.attempt(1, "5", true, "same", AttemptRole.PROPOSER, CallStats.NONE, null);
        p2.attempt(2, "5.0", false, "same", AttemptRole.PROPOSER, CallStats.NONE, null);
        Traces p3 = Traces.problem("p3");
        p3.attempt(1, "9", true);
        Traces p4 = Traces.problem("p4");
        p4.attempt(1, "1", false, "kitten", AttemptRole.PROPOSER, CallStats.NONE, null);
        p4.attempt(2, "2", false, "sitting", AttemptRole.PROPOSER, CallStats.NONE, null);
        p4.attempt(3, "7", true, "x", AttemptRole.PROPOSER, CallStats.NONE, null);
        // p4's turn 3 text "x" against turn 2's "sitting": 7 edits over 7 characters
        return List.of(p1.build(), p2.build(), p3.build(), p4.build());
    }

    @Test
    void accuracyByTurnCarriesForwardAndFlipsAreFractionsOfAllProblems() {
        TurnAccuracy t = TurnAccuracy.of(fourChains(), Grader.standard());
        assertThat(t.graded()).isEqualTo(4);
        assertThat(t.accByTurn()).containsExactly(0.5, 0.5, 0.75);
        assertThat(t.accFirst()).isEqualTo(0.5);
        assertThat(t.accFinal()).isEqualTo(0.75);
        assertThat(t.delta()).isEqualTo(0.25);
        assertThat(t.deltaIToC()).isEqualTo(0.5);
        assertThat(t.deltaCToI()).isEqualTo(0.25);
        // pairs: 3->4 changed, 5->5.0 same, 1->2 changed, 2->7 changed
        assertThat(t.answerChangeRate()).isEqualTo(0.75);
        // over 4 revisions in 3 of the 4 problems (p3 was never revised)
        assertThat(List.of(t.revisions(), t.answerChanges(), t.revisedProblems())).containsExactly(4, 3, 3);
        assertThat(t.editDistanceRatio()).isCloseTo((1.0 / 3 + 0 + 3.0 / 7 + 7.0 / 7) / 4, within(EPS));
    }

    @Test
    void levenshteinOnKnownPairs() {
        assertThat(TurnAccuracy.levenshtein("kitten", "sitting")).isEqualTo(3);
        assertThat(TurnAccuracy.levenshtein("", "abc")).isEqualTo(3);
        assertThat(TurnAccuracy.levenshtein("flaw", "lawn")).isEqualTo(2);
        assertThat(TurnAccuracy.editDistanceRatio("", "")).isZero();
    }

    @Test
    void verifierConfusionMatrixWithWrongAsPositive() {
        Traces t = Traces.problem("v");
        t.verify(t.attempt(1, "1", true), Verdict.CORRECT, 0.9, null);      // TN
        t.verify(t.attempt(1, "1", true), Verdict.INCORRECT, 0.4, null);    // FP
        t.verify(t.attempt(1, "2", false), Verdict.INCORRECT, 0.2, null);   // TP
        t.verify(t.attempt(1, "2", false), Verdict.INCORRECT, 0.3, null);   // TP
        t.verify(t.attempt(1, "2", false), Verdict.CORRECT, 0.8, null);     // FN
        t.verify(t.attempt(1, "2", false), Verdict.UNPARSED, null, null);   // unparsed
        Attempt oracleOnly = t.attempt(1, "1", true);
        t.verify(oracleOnly, VerifierRole.ORACLE, Verdict.INCORRECT, null, null, CallStats.NONE); // ignored
        VerifierQuality q = VerifierQuality.of(List.of(t.build()));

        assertThat(List.of(q.tp(), q.fp(), q.fn(), q.tn(), q.unparsed(), q.verifications())).containsExactly(2, 1, 1, 1, 1, 6);
        assertThat(q.precision()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(q.recall()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(q.f1()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(q.accuracy()).isCloseTo(3.0 / 5, within(EPS));
        assertThat(q.accuracyOnCorrect()).isCloseTo(0.5, within(EPS));
        assertThat(q.accuracyOnWrong()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(q.balancedAccuracy()).isCloseTo(7.0 / 12, within(EPS));
        assertThat(q.falseStopRate()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(q.overRevisionRate()).isCloseTo(0.5, within(EPS));
        assertThat(q.unparsedRate()).isCloseTo(1.0 / 6, within(EPS));
        assertThat(q.auroc()).isCloseTo(5.0 / 6, within(EPS));
    }

    @Test
    void verifierFiguresAreNullWithoutVerifications() {
        VerifierQuality q = VerifierQuality.of(fourChains());
        assertThat(q.verifications()).isZero();
        assertThat(Arrays.asList(q.precision(), q.recall(), q.f1(), q.accuracy(), q.auroc(), q.unparsedRate())).containsOnlyNulls();
    }

    @Test
    void firstErrorAccuracyAndProcessBench() {
        Traces t = Traces.problem("fe");
        Attempt b1 = t.attempt(1, "1", false);
        t.label(b1, 2);
        t.verify(b1, Verdict.INCORRECT, null, 2);
        Attempt b2 = t.attempt(1, "1", false);
        t.label(b2, 3);
        t.verify(b2, Verdict.INCORRECT, null, 1);
        Attempt b3 = t.attempt(1, "1", false);
        Verification oracle = t.verify(b3, VerifierRole.ORACLE, Verdict.INCORRECT, null, null, CallStats.NONE);
        t.locate(oracle, 0);
        Verification critic = t.verify(b3, VerifierRole.CRITIC, Verdict.INCORRECT, null, null, CallStats.NONE);
        t.locate(critic, 1);
        Attempt b4 = t.attempt(1, "1", true);
        t.label(b4, -1);
        t.verify(b4, Verdict.CORRECT, null, null);
        Attempt b5 = t.attempt(1, "1", true);
        t.label(b5, -1);
        t.verify(b5, Verdict.INCORRECT, null, 0);
        Attempt b6 = t.attempt(1, "1", false);
        t.label(b6, 1);
        t.verify(b6, Verdict.INCORRECT, null, null);
        FirstErrorQuality q = FirstErrorQuality.of(List.of(t.build()));

        assertThat(q.located()).isEqualTo(3);
        assertThat(q.accuracy()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(q.processBenchItems()).isEqualTo(6);
        assertThat(q.accErr()).isCloseTo(0.25, within(EPS));
        assertThat(q.accCor()).isCloseTo(0.5, within(EPS));
        assertThat(q.f1()).isCloseTo(1.0 / 3, within(EPS));
        assertThat(q.within1()).isCloseTo(0.5, within(EPS));
        assertThat(q.signedErrorMean()).isCloseTo(-1.0 / 3, within(EPS));
    }

    @Test
    void confidenceVersusCritique() {
        var T = true;
        var F = false;
        ConfidenceCritique cc = ConfidenceCritique.compute(List.of(
                List.of(new ConfidenceCritique.Pair(T, T), new ConfidenceCritique.Pair(T, F),
                        new ConfidenceCritique.Pair(F, T), new ConfidenceCritique.Pair(F, F)),
                List.of(new ConfidenceCritique.Pair(T, T), new ConfidenceCritique.Pair(T, T))));
        assertThat(cc.questions()).isEqualTo(2);
        assertThat(cc.acc1()).isCloseTo(0.75, within(EPS));
        assertThat(cc.confidenceLevel()).isCloseTo(5.0 / 6, within(EPS));
        assertThat(cc.critiqueScore()).isCloseTo(0.5, within(EPS));
        assertThat(cc.acc2()).isCloseTo(0.75, within(EPS));
        assertThat(cc.rss()).isCloseTo(0.5, within(EPS));
    }

    @Test
    void confidenceVersusCritiqueFromTraces() {
        Traces t = Traces.problem("cc");
        Attempt a = t.attempt(1, "1", true);
        t.attempt(2, "1", true, "r", AttemptRole.PROPOSER, CallStats.NONE, t.verify(a, Verdict.CORRECT, null, null).id());
        Attempt b = t.attempt(1, "2", false);
        t.attempt(2, "1", true, "r", AttemptRole.PROPOSER, CallStats.NONE, b.id());
        ConfidenceCritique cc = ConfidenceCritique.of(List.of(t.build()));
        // one question, k = 2: p = 1/2, P(c1 and c2) = 1/2, P(w1 and c2) = 1/2
        assertThat(cc.questions()).isEqualTo(1);
        assertThat(cc.confidenceLevel()).isEqualTo(1.0);
        assertThat(cc.critiqueScore()).isEqualTo(1.0);
        assertThat(cc.acc2()).isEqualTo(1.0);
    }

    @Test
    void passAtKUnbiasedEstimator() {
        assertThat(Voting.passAtK(5, 2, 2)).isCloseTo(0.7, within(EPS));       // 1 - C(3,2)/C(5,2)
        assertThat(Voting.passAtK(10, 3, 1)).isCloseTo(0.3, within(EPS));
        assertThat(Voting.passAtK(4, 0, 1)).isZero();
        assertThat(Voting.passAtK(3, 2, 2)).isEqualTo(1.0);
        assertThat(Voting.passAtK(6, 1, 3)).isCloseTo(0.5, within(EPS));       // 1 - C(5,3)/C(6,3) = 1 - 10/20
    }

    @Test
    void majorityClustersWithTheGraderAndBreaksTiesByLowestIndex() {
        List<Voting.Sample> s = List.of(
                new Voting.Sample("2", false, 0.1), new Voting.Sample("3", true, 0.5),
                new Voting.Sample("3.0", true, 0.4), new Voting.Sample("2", false, 0.2),
                new Voting.Sample("5", false, 0.9), new Voting.Sample(null, false, 5.0));
        Grader g = Grader.standard();
        assertThat(Voting.majority(s, 6, g)).isEqualTo(new Voting.Vote(0, false, 2));
        assertThat(Voting.majority(s, 3, g)).isEqualTo(new Voting.Vote(1, true, 2));
        assertThat(Voting.weightedVote(s, 5, g)).isEqualTo(new Voting.Vote(1, true, 2));
        assertThat(Voting.majority(List.of(new Voting.Sample(null, true, 1)), 1, g).winner()).isEqualTo(-1);
    }

    @Test
    void costCountsUncachedPromptAndCompletionTokensAndParallelLatencyAsMax() {
        Traces a = Traces.problem("a").outcome(true);
        Attempt att = a.attempt(1, "1", true, "t", AttemptRole.PROPOSER, new CallStats(100, 20, 50, 1000), null);
        a.verify(att, VerifierRole.SELF, Verdict.CORRECT, null, null, new CallStats(30, 0, 10, 200));
        Traces b = Traces.problem("b").outcome(false);
        b.attempt(1, "1", false, "t", AttemptRole.CANDIDATE, new CallStats(10, 0, 5, 300), null);
        b.attempt(1, "1", false, "t", AttemptRole.CANDIDATE, new CallStats(10, 0, 7, 500), null);
        b.attempt(2, "1", false, "t", AttemptRole.REFINER, new CallStats(40, 0, 20, 100), null);
        Cost c = Cost.of(List.of(a.build(), b.build()));
        assertThat(c.tokens()).isEqualTo(262);
        assertThat(c.completionTokens()).isEqualTo(92);
        assertThat(c.latencyMs()).isEqualTo(1800);
        assertThat(c.calls()).isEqualTo(5);
        assertThat(c.solved()).isEqualTo(1);
        assertThat(c.tokensPerProblem()).isEqualTo(131.0);
        assertThat(c.tokensPerSolved()).isEqualTo(262.0);
        assertThat(c.latencyPerSolvedMs()).isEqualTo(1800.0);
        assertThat(c.callsPerProblem()).isEqualTo(2.5);
    }

    @Test
    void annotatorAgreement() {
        List<Integer> a = List.of(0, 1, -1, 2, -1);
        List<Integer> b = List.of(0, 2, -1, 2, 1);
        Agreement.PairReport r = Agreement.pair(a, b);
        assertThat(r.cohenKappa()).isCloseTo(9.0 / 19, within(EPS));
        assertThat(r.hasErrorKappa()).isCloseTo(6.0 / 11, within(EPS));
        assertThat(r.bothFlag()).isEqualTo(3);
        assertThat(r.exactMatchWhenBothFlag()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(r.meanAbsDeltaWhenBothFlag()).isCloseTo(1.0 / 3, within(EPS));

        assertThat(Agreement.fleissKappa(List.of(List.of(0, 0, 0), List.of(0, 1, 1), List.of(1, 1, 1))))
                .isCloseTo(0.55, within(EPS));

        List<List<Double>> units = new ArrayList<>();
        units.add(List.of(0.0, 0.0));
        units.add(List.of(1.0, 1.0));
        units.add(List.of(0.0, 1.0));
        units.add(Arrays.asList(1.0, null));
        assertThat(Agreement.krippendorffAlpha(List.copyOf(units.stream().map(u -> (List<Double>) new ArrayList<>(u)).toList()),
                Agreement.Metric.NOMINAL)).isCloseTo(4.0 / 9, within(EPS));

        assertThat(Agreement.firstErrorAlpha(List.of(List.of(2, -1), List.of(0, 0)), List.of(3, 4), Agreement.Metric.INTERVAL))
                .isCloseTo(8.0 / 9, within(EPS));
        assertThat(Agreement.cohenKappa(List.of(1, 1), List.of(1, 1))).isNull();
    }

    @Test
    void reportJsonCarriesTheAgreedKeysAndPassAtKForSamples() {
        Traces s = Traces.problem("s").outcome(true);
        s.attempt(1, "3", true, "t", AttemptRole.CANDIDATE, CallStats.NONE, null);
        s.attempt(1, "4", false, "t", AttemptRole.CANDIDATE, CallStats.NONE, null);
        s.attempt(1, "3", true, "t", AttemptRole.CANDIDATE, CallStats.NONE, null);
        MetricsReport r = Metrics.compute(List.of(s.build()));
        var json = r.toJsonMap();
        assertThat(json).containsKeys("problems", "acc_first", "acc_final", "delta", "delta_i_to_c", "delta_c_to_i",
                "verifier_accuracy", "verifier_precision", "verifier_recall", "first_error_accuracy", "tokens_per_solved",
                "acc_by_turn", "verifier_f1", "false_stop_rate", "over_revision_rate", "unparsed_rate", "pass_at_k", "maj_at_k");
        assertThat(json.get("problems")).isEqualTo(1);
        assertThat(json.get("verifier_accuracy")).isNull();
        // n = 3, c = 2: pass@1 = 2/3, pass@2 = 1 - C(1,2)/C(3,2) = 1; maj@1 = first sample (right), maj@3 = "3" (right)
        @SuppressWarnings("unchecked")
        var pass = (java.util.Map<String, Double>) json.get("pass_at_k");
        assertThat(pass.get("1")).isCloseTo(2.0 / 3, within(EPS));
        assertThat(pass.get("2")).isEqualTo(1.0);
        assertThat(pass.get("3")).isEqualTo(1.0);
        @SuppressWarnings("unchecked")
        var maj = (java.util.Map<String, Double>) json.get("maj_at_k");
        assertThat(maj).containsEntry("1", 1.0).containsEntry("3", 1.0);
    }

    @Test
    void comparisonListsFixedAndBrokenProblems() {
        List<Trace> a = List.of(Traces.problem("p1").outcome(false).build(), Traces.problem("p2").outcome(true).build(),
                Traces.problem("p3").outcome(true).build());
        List<Trace> b = List.of(Traces.problem("p2").outcome(false).build(), Traces.problem("p1").outcome(true).build(),
                Traces.problem("p3").outcome(true).build(), Traces.problem("p4").outcome(true).build());
        Comparison c = Metrics.compare(a, b);
        assertThat(c.common()).isEqualTo(3);
        assertThat(c.fixedByB()).containsExactly(new ProblemId("d/p1"));
        assertThat(c.brokenByB()).containsExactly(new ProblemId("d/p2"));
        assertThat(c.netFixed()).isZero();
        assertThat(c.b().problems()).isEqualTo(4);
    }
}
