package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/**
 * Verifier quality with positive class "the solution is wrong" (METHODS.md C). Counts every
 * usable, non-oracle verification of an attempt whose correctness is known. Unparsed verdicts
 * are left out of the confusion matrix and reported as {@code unparsedRate} over all counted
 * verifications. AUROC ranks "wrong" by 1 − p(yes) over verifications that have p(yes).
 */
public record VerifierQuality(
        int verifications,
        int unparsed,
        int tp, int fp, int fn, int tn,
        @Nullable Double precision,
        @Nullable Double recall,
        @Nullable Double f1,
        @Nullable Double accuracy,
        @Nullable Double accuracyOnCorrect,
        @Nullable Double accuracyOnWrong,
        @Nullable Double balancedAccuracy,
        @Nullable Double auroc,
        @Nullable Double falseStopRate,
        @Nullable Double overRevisionRate,
        @Nullable Double unparsedRate) {

    /** One judged solution: the verdict, the truth and p(yes) when known. */
    public record Judgement(Verdict verdict, boolean solutionCorrect, @Nullable Double pYes) {}

    public static VerifierQuality of(List<Trace> traces) {
        List<Judgement> js = new ArrayList<>();
        for (Trace t : traces) {
            for (Attempt a : TraceView.attempts(t)) {
                if (a.correct() == null) continue;
                for (Verification v : TraceView.verificationsOf(t, a)) {
                    if (v.role() == VerifierRole.ORACLE || !TraceView.usable(v)) continue;
                    js.add(new Judgement(v.verdict(), a.correct(), v.pYes()));
                }
            }
        }
        return fromJudgements(js);
    }

    /**
     * The same figures for each verifier role on its own (self, critic, teacher, inspector, PRM),
     * in the enum's order, for the roles that judged anything. Self, critic, teacher and PRM
     * verdicts judge an attempt, as in {@link #of}. An inspector judges a teacher's analysis, so
     * its truth is whether the analysis located the attempt's reference first error (a human
     * label, else an oracle's): positive = "the analysis is wrong"; inspections of an attempt
     * without a reference are left out.
     */
    public static Map<VerifierRole, VerifierQuality> byRole(List<Trace> traces) {
        Map<VerifierRole, List<Judgement>> by = new EnumMap<>(VerifierRole.class);
        for (Trace t : traces) {
            for (Attempt a : TraceView.attempts(t)) {
                if (a.correct() == null) continue;
                for (Verification v : TraceView.verificationsOf(t, a)) {
                    if (v.role() == VerifierRole.ORACLE || v.role() == VerifierRole.INSPECTOR || !TraceView.usable(v)) continue;
                    by.computeIfAbsent(v.role(), r -> new ArrayList<>()).add(new Judgement(v.verdict(), a.correct(), v.pYes()));
                }
            }
            for (Verification v : t.nodes(Verification.class).toList()) {
                if (v.role() != VerifierRole.INSPECTOR || !TraceView.usable(v)) continue;
                inspected(t, v).ifPresent(right -> by.computeIfAbsent(VerifierRole.INSPECTOR, r -> new ArrayList<>())
                        .add(new Judgement(v.verdict(), right, v.pYes())));
            }
        }
        Map<VerifierRole, VerifierQuality> out = new EnumMap<>(VerifierRole.class);
        by.forEach((role, js) -> out.put(role, fromJudgements(js)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * Whether the analysis an inspector checked was right: the inspected node is a correction
     * under an error location (step k) under a verification of an attempt; right when k is that
     * attempt's reference first error. Empty when the chain or the reference is missing.
     */
    private static Optional<Boolean> inspected(Trace t, Verification inspector) {
        Optional<ErrorLocation> location = t.node(inspector.parent()).filter(Correction.class::isInstance)
                .map(TraceNode::parent).flatMap(p -> p == null ? Optional.empty() : t.node(p))
                .filter(ErrorLocation.class::isInstance).map(ErrorLocation.class::cast);
        if (location.isEmpty()) return Optional.empty();
        Optional<Attempt> attempt = Optional.ofNullable(location.get().parent()).flatMap(t::node)
                .filter(Verification.class::isInstance).map(TraceNode::parent)
                .flatMap(p -> p == null ? Optional.empty() : t.node(p))
                .filter(Attempt.class::isInstance).map(Attempt.class::cast);
        if (attempt.isEmpty()) return Optional.empty();
        return TraceView.referenceFirstError(t, attempt.get()).map(ref -> ref == location.get().stepIndex());
    }

    /** The flat JSON form of these figures (fractions in 0..1, null where undefined). */
    public Map<String, @Nullable Object> toJsonMap() {
        Map<String, @Nullable Object> m = new LinkedHashMap<>();
        m.put("verifications", verifications);
        m.put("tp", tp);
        m.put("fp", fp);
        m.put("fn", fn);
        m.put("tn", tn);
        m.put("accuracy", accuracy);
        m.put("precision", precision);
        m.put("recall", recall);
        m.put("f1", f1);
        m.put("accuracy_on_correct", accuracyOnCorrect);
        m.put("accuracy_on_wrong", accuracyOnWrong);
        m.put("balanced_accuracy", balancedAccuracy);
        m.put("auroc", auroc);
        m.put("false_stop_rate", falseStopRate);
        m.put("over_revision_rate", overRevisionRate);
        m.put("unparsed_rate", unparsedRate);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static VerifierQuality fromJudgements(List<Judgement> judgements) {
        int tp = 0, fp = 0, fn = 0, tn = 0, unparsed = 0;
        List<double[]> scored = new ArrayList<>();
        for (Judgement j : judgements) {
            if (j.pYes() != null) scored.add(new double[] {1 - j.pYes(), j.solutionCorrect() ? 0 : 1});
            switch (j.verdict()) {
                case UNPARSED -> unparsed++;
                case INCORRECT -> { if (j.solutionCorrect()) fp++; else tp++; }
                case CORRECT -> { if (j.solutionCorrect()) tn++; else fn++; }
            }
        }
        Double precision = Fractions.ratio(tp, tp + fp);
        Double recall = Fractions.ratio(tp, tp + fn);
        Double onCorrect = Fractions.ratio(tn, tn + fp);
        return new VerifierQuality(judgements.size(), unparsed, tp, fp, fn, tn,
                precision, recall, Fractions.harmonic(precision, recall),
                Fractions.ratio(tp + tn, tp + fp + fn + tn),
                onCorrect, recall, Fractions.mean(onCorrect, recall),
                auroc(scored),
                Fractions.ratio(fn, tp + fn), Fractions.ratio(fp, fp + tn),
                Fractions.ratio(unparsed, judgements.size()));
    }

    /**
     * Area under the ROC curve for (score, label) pairs, label 1 = positive: the probability that
     * a random positive outscores a random negative, ties counting one half. Null without both classes.
     */
    public static @Nullable Double auroc(List<double[]> scoreAndLabel) {
        long pos = scoreAndLabel.stream().filter(s -> s[1] == 1).count();
        long neg = scoreAndLabel.size() - pos;
        if (pos == 0 || neg == 0) return null;
        double wins = 0;
        for (double[] p : scoreAndLabel) {
            if (p[1] != 1) continue;
            for (double[] q : scoreAndLabel) {
                if (q[1] == 1) continue;
                if (p[0] > q[0]) wins += 1;
                else if (p[0] == q[0]) wins += 0.5;
            }
        }
        return wins / (pos * neg);
    }
}
