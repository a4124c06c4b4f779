package org.errata.correction.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/**
 * Every figure of one run's traces. {@link #toJsonMap()} gives the flat, stable JSON shape the
 * CLI and exports print: fractions in 0..1, null where the strategy has no such figure.
 */
public record MetricsReport(
        int problems,
        TurnAccuracy turns,
        VerifierQuality verifier,
        FirstErrorQuality firstError,
        TeacherAgreement teacher,
        ConfidenceCritique confidenceCritique,
        Cost cost,
        SortedMap<Integer, Double> passAtK,
        SortedMap<Integer, Double> majAtK,
        CopyDecoding copy,
        Map<VerifierRole, VerifierQuality> verifierByRole,
        List<TurnDelta> turnDeltas,
        SortedMap<Integer, Double> meanAtK,
        SortedMap<Integer, Double> bestAtKByScore,
        Refinement refinement,
        ProcessBenchScore processBench) {

    public MetricsReport {
        passAtK = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(passAtK));
        majAtK = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(majAtK));
        meanAtK = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(meanAtK));
        bestAtKByScore = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(bestAtKByScore));
        verifierByRole = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(verifierByRole));
        turnDeltas = List.copyOf(turnDeltas);
    }

    /** Shorthand for {@link Metrics#compute(List)}. */
    public static MetricsReport compute(List<Trace> traces) {
        return Metrics.compute(traces);
    }

    public @Nullable Double accFirst() { return turns.accFirst(); }

    public @Nullable Double accFinal() { return turns.accFinal(); }

    public Map<String, @Nullable Object> toJsonMap() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("problems", problems);
        m.put("graded", turns.graded());
        m.put("acc_first", turns.accFirst());
        m.put("acc_final", turns.accFinal());
        m.put("acc_by_turn", turns.accByTurn());
        m.put("delta", turns.delta());
        m.put("delta_i_to_c", turns.deltaIToC());
        m.put("delta_c_to_i", turns.deltaCToI());
        Map<String, Object> deltas = new LinkedHashMap<>();
        for (TurnDelta d : turnDeltas) deltas.put(d.key(), d.toJsonMap());
        m.put("delta_by_turns", deltas);
        m.put("answer_change_rate", turns.answerChangeRate());
        m.put("revisions", turns.revisions());
        m.put("revised_problems", turns.revisedProblems());
        m.put("edit_distance_ratio", turns.editDistanceRatio());
        m.put("verifications", verifier.verifications());
        m.put("verifier_tp", verifier.tp());
        m.put("verifier_fp", verifier.fp());
        m.put("verifier_fn", verifier.fn());
        m.put("verifier_tn", verifier.tn());
        m.put("verifier_accuracy", verifier.accuracy());
        m.put("verifier_precision", verifier.precision());
        m.put("verifier_recall", verifier.recall());
        m.put("verifier_f1", verifier.f1());
        m.put("verifier_accuracy_on_correct", verifier.accuracyOnCorrect());
        m.put("verifier_accuracy_on_wrong", verifier.accuracyOnWrong());
        m.put("verifier_balanced_accuracy", verifier.balancedAccuracy());
        m.put("verifier_auroc", verifier.auroc());
        m.put("false_stop_rate", verifier.falseStopRate());
        m.put("over_revision_rate", verifier.overRevisionRate());
        m.put("unparsed_rate", verifier.unparsedRate());
        Map<String, Object> byRole = new LinkedHashMap<>();
        verifierByRole.forEach((role, q) -> byRole.put(role.wireName(), q.toJsonMap()));
        m.put("verifier_by_role", byRole);
        m.put("first_error_accuracy", firstError.accuracy());
        m.put("first_error_located", firstError.located());
        m.put("processbench_items", firstError.processBenchItems());
        m.put("processbench_acc_error", firstError.accErr());
        m.put("processbench_acc_correct", firstError.accCor());
        m.put("processbench_f1", firstError.f1());
        Map<String, Object> subsets = new LinkedHashMap<>();
        processBench.bySubset().forEach((k, q) -> {
            Map<String, @Nullable Object> one = new LinkedHashMap<>();
            one.put("items", q.processBenchItems());
            one.put("acc_error", q.accErr());
            one.put("acc_correct", q.accCor());
            one.put("f1", q.f1());
            subsets.put(k, one);
        });
        m.put("processbench_by_subset", subsets);
        m.put("processbench_f1_mean", processBench.f1Mean());
        m.put("processbench_f1_weighted", processBench.f1Weighted());
        m.put("first_error_within_1", firstError.within1());
        m.put("first_error_signed_mean", firstError.signedErrorMean());
        m.put("teacher_checked", teacher.checked());
        m.put("teacher_location_survived", teacher.survived());
        m.put("teacher_location_rejected", teacher.rejected());
        m.put("teacher_location_moved_by_inspector", teacher.moved());
        m.put("student_teacher_pairs", teacher.pairs());
        m.put("student_teacher_agreement", teacher.agreement());
        m.put("confidence_level", confidenceCritique.confidenceLevel());
        m.put("critique_score", confidenceCritique.critiqueScore());
        m.put("rss", confidenceCritique.rss());
        m.put("tokens_per_problem", cost.tokensPerProblem());
        m.put("completion_tokens_per_problem", cost.completionTokensPerProblem());
        m.put("tokens_per_solved", cost.tokensPerSolved());
        m.put("latency_ms_per_solved", cost.latencyPerSolvedMs());
        m.put("copy_acceptance", copy.acceptance());
        m.put("copy_acceptance_by_turn", copy.acceptanceByTurn());
        m.put("decode_tokens_per_s_by_turn", copy.decodeTokensPerSecondByTurn());
        m.put("calls_per_problem", cost.callsPerProblem());
        if (!meanAtK.isEmpty()) m.put("mean_at_k", keyed(meanAtK));
        if (!passAtK.isEmpty()) m.put("pass_at_k", keyed(passAtK));
        if (!majAtK.isEmpty()) m.put("maj_at_k", keyed(majAtK));
        if (!bestAtKByScore.isEmpty()) m.put("best_at_k_by_score", keyed(bestAtKByScore));
        m.put("refine_problems", refinement.problems());
        m.put("refine_acc", refinement.refineAcc());
        m.put("refine_maj_at_n", refinement.majAtN());
        m.put("refine_pass_at_n", refinement.passAtN());
        m.put("refine_mean_candidate_acc", refinement.meanCandidateAcc());
        m.put("refinement_gap", refinement.refinementGap());
        m.put("refinement_gap_relative", refinement.refinementGapRelative());
        m.put("refine_gain_over_mean", refinement.gainOverMean());
        m.put("refine_gain_over_pass", refinement.gainOverPass());
        m.put("refine_all_wrong", refinement.allWrong());
        m.put("refine_all_wrong_to_correct", refinement.allWrongToCorrect());
        m.put("refine_all_wrong_to_correct_rate", refinement.allWrongToCorrectRate());
        m.put("refine_any_right_to_wrong_rate", refinement.anyRightToWrongRate());
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, Double> keyed(SortedMap<Integer, Double> byK) {
        Map<String, Double> out = new LinkedHashMap<>();
        byK.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
