package org.errata.app.annotate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AgreementReportTest {
    static final RunId RUN = new RunId("r");

    /** A 4-line attempt, verified with {@code predicted} as the located first error, labelled as given (null = not labelled). */
    static Trace item(int n, @Nullable Integer predicted, Map<String, Integer> labels) {
        TraceBuilder b = new TraceBuilder(RUN, new ProblemId("t/" + n), "m");
        Attempt a = b.attempt(null, 1, "p", "s0\ns1\ns2\ns3", "1", null, false);
        if (predicted != null) b.verify(a, "v", predicted < 0 ? Verdict.CORRECT : Verdict.INCORRECT, null, predicted);
        List<TraceNode> nodes = new ArrayList<>(b.finish(null, null).nodes());
        int seq = 100;
        for (var e : labels.entrySet()) {
            int k = e.getValue();
            List<Integer> ratings = new ArrayList<>();
            for (int i = 0; i < (k < 0 ? 4 : k + 1); i++) ratings.add(i == k ? -1 : 1);
            nodes.add(new HumanLabel(NodeId.random(), a.id(), seq++, e.getKey(), "line", k, ratings, null, null, false,
                    null, 1000, Instant.parse("2025-01-01T00:00:00Z").plusSeconds(seq)));
        }
        return new Trace(RUN, new ProblemId("t/" + n), org.errata.correction.trace.TraceStatus.FINISHED, null, null, nodes);
    }

    @Test
    void twoAnnotatorsHandComputed() {
        // A: -1, 1, 2, 0 ; B: -1, 1, 3, -1.
        // Cohen: p_o = 2/4; p_e = (1·2 + 1·0 + 1·1 + 1·0 + 0·1)/16 = 3/16; κ = (1/2 − 3/16)/(1 − 3/16) = 5/13.
        // Has-error: A = 0,1,1,1; B = 0,1,1,0: p_o = 3/4; p_e = (1·2 + 3·2)/16 = 1/2; κ = 1/2.
        // Both flag items 2 and 3: exact 1/2, mean |Δk| = (0 + 1)/2.
        List<Trace> traces = List.of(
                item(1, null, Map.of("A", -1, "B", -1)),
                item(2, null, Map.of("A", 1, "B", 1)),
                item(3, null, Map.of("A", 2, "B", 3)),
                item(4, null, Map.of("A", 0, "B", -1)));
        AgreementReport r = AgreementReport.of(traces, Set.of());
        assertThat(r.annotators()).containsExactly("A", "B");
        var p = r.pairs().getFirst().report();
        assertThat(p.items()).isEqualTo(4);
        assertThat(p.cohenKappa()).isCloseTo(5.0 / 13, within(1e-12));
        assertThat(p.hasErrorKappa()).isCloseTo(0.5, within(1e-12));
        assertThat(p.bothFlag()).isEqualTo(2);
        assertThat(p.exactMatchWhenBothFlag()).isCloseTo(0.5, within(1e-12));
        assertThat(p.meanAbsDeltaWhenBothFlag()).isCloseTo(0.5, within(1e-12));

        // Adjudication: item 4 (0 vs "after the last step" = 4) before item 3 (2 vs 3); agreed items are not queued.
        assertThat(r.adjudication()).extracting(d -> d.problem().value()).containsExactly("t/4", "t/3");
        assertThat(r.adjudication()).extracting(AgreementReport.Disagreement::spread).containsExactly(4, 1);
    }

    @Test
    void threeAnnotatorsFleissHandComputed() {
        // Items (A,B,C): (1,1,1), (1,1,2), (-1,-1,-1). m = 3, N = 3.
        // P_i = (Σ n² − 3)/6: 1, (4+1−3)/6 = 1/3, 1 → P̄ = 7/9.
        // Shares: 1 → 5/9, 2 → 1/9, −1 → 3/9; p_e = (25 + 1 + 9)/81 = 35/81.
        // κ = (7/9 − 35/81)/(1 − 35/81) = (28/81)/(46/81) = 14/23.
        List<Trace> traces = List.of(
                item(1, null, Map.of("A", 1, "B", 1, "C", 1)),
                item(2, null, Map.of("A", 1, "B", 1, "C", 2)),
                item(3, null, Map.of("A", -1, "B", -1, "C", -1)),
                item(4, null, Map.of("A", 0)));
        AgreementReport r = AgreementReport.of(traces, Set.of());
        assertThat(r.fleissItems()).isEqualTo(3);
        assertThat(r.fleissKappa()).isCloseTo(14.0 / 23, within(1e-12));
        assertThat(r.pairs()).hasSize(3);
        // Krippendorff over the 3 pairable items (item 4 has one value; pairs weigh 1/(m−1) = 1/2):
        // nominal: n = 9, marginals 1 → 5, 2 → 1, −1 → 3; D_o = 2/9; D_e = 2(5·1 + 5·3 + 1·3)/72 = 46/72;
        // α = 1 − 16/46 = 15/23. Interval (−1 recoded to 4 steps): D_e = 2(5·1 + 5·3·9 + 1·3·4)/72 = 304/72;
        // α = 1 − 16/304 = 18/19.
        assertThat(r.alphaNominal()).isCloseTo(15.0 / 23, within(1e-12));
        assertThat(r.alphaInterval()).isCloseTo(18.0 / 19, within(1e-12));
        assertThat(r.items()).isEqualTo(4);
    }

    @Test
    void goldAccuracyAndVerifierAgainstTheHumanReference() {
        // Gold on items 1 and 2. A matches both, B one.
        // Verifier: item 1 predicts 2 (gold 2: hit), item 2 predicts 1 (gold -1: miss on a correct item),
        // item 3 predicts 3 (consensus of A,B = 1: erroneous, miss, signed +2), item 4 predicts -1 (consensus -1: hit).
        // acc_err = 1/2, acc_cor = 1/2, F1 = 1/2; signed error over erroneous items with both ≥ 0: (0 + 2)/2 = 1 → late.
        List<Trace> traces = List.of(
                item(1, 2, Map.of("gold", 2, "A", 2, "B", 1)),
                item(2, 1, Map.of("gold", -1, "A", -1, "B", -1)),
                item(3, 3, Map.of("A", 1, "B", 1)),
                item(4, -1, Map.of("A", -1, "B", -1)));
        AgreementReport r = AgreementReport.of(traces, Set.of("gold"));
        assertThat(r.annotators()).containsExactly("A", "B");
        assertThat(r.gold()).containsExactly(
                new AgreementReport.GoldAccuracy("A", 2, 2, 1.0),
                new AgreementReport.GoldAccuracy("B", 2, 1, 0.5));
        assertThat(r.verifier().processBenchItems()).isEqualTo(4);
        assertThat(r.verifier().accErr()).isCloseTo(0.5, within(1e-12));
        assertThat(r.verifier().accCor()).isCloseTo(0.5, within(1e-12));
        assertThat(r.verifier().f1()).isCloseTo(0.5, within(1e-12));
        assertThat(r.verifier().signedErrorMean()).isCloseTo(1.0, within(1e-12));
        assertThat(r.verifierBias()).isEqualTo("late");
    }

    @Test
    void consensusTakesTheMostCommonLabelAndBreaksTiesTowardTheEarliestStep() {
        assertThat(AgreementReport.consensus(Map.of("a", 2, "b", 2, "c", 0))).isEqualTo(2);
        assertThat(AgreementReport.consensus(Map.of("a", 2, "b", 0))).isEqualTo(0);
        assertThat(AgreementReport.consensus(Map.of("a", -1, "b", 3))).isEqualTo(3);
        assertThat(AgreementReport.consensus(Map.of())).isNull();
    }

    @Test
    void incompleteLabelsDoNotCount() {
        Trace t = item(1, null, Map.of("A", 1));
        Attempt a = t.attempts().getFirst();
        List<TraceNode> nodes = new ArrayList<>(t.nodes());
        nodes.add(new HumanLabel(NodeId.random(), a.id(), 200, "B", "line", -1, List.of(1, 1), null, null, false, null, 5,
                Instant.parse("2025-01-02T00:00:00Z")));
        AgreementReport r = AgreementReport.of(List.of(new Trace(RUN, t.problem(), t.status(), null, null, nodes)), Set.of());
        assertThat(r.annotators()).containsExactly("A");
    }
}
