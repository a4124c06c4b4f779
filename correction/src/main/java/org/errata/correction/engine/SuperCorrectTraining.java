package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.correction.training.DirectTraining;
import org.errata.correction.training.PreferencePair;
import org.errata.correction.training.TrainingData;
import org.errata.correction.training.TrainingInput;
import org.errata.correction.training.TrainingLine;
import org.errata.correction.training.TrainingTraces;

/** SuperCorrect's training data (METHODS.md A4, D.4, D.5). */
enum SuperCorrectTraining implements TrainingData {
    INSTANCE;

    @Override
    public List<TrainingLine> sft(TrainingInput in) {
        return DirectTraining.INSTANCE.sft(in);
    }

    @Override
    public List<PreferencePair> pairs(TrainingInput in) {
        List<PreferencePair> out = new ArrayList<>();
        crossModelPair(in.trace(), in.problem()).ifPresent(out::add);
        out.addAll(TrainingData.super.pairs(in));
        return out;
    }

    /**
     * The cross-model pair: when the trace's last inspector verdict passed the teacher's
     * correction it checked, chosen = that teacher analysis and correction of step k, rejected =
     * the student's own analysis and correction (a correction produced by
     * {@link SuperCorrectStrategy#STUDENT_PRODUCER} under a self verification of the same
     * attempt, made without the reference), prompt = P_corr over the problem and the attempt's
     * steps up to k. Empty when there is no inspector, the last one flagged the trace, or the
     * student located no error.
     */
    static Optional<PreferencePair> crossModelPair(Trace t, String q) {
        List<Verification> inspectors = TrainingTraces.sorted(t.nodes(Verification.class)
                .filter(v -> v.role() == VerifierRole.INSPECTOR).toList());
        if (inspectors.isEmpty()) return Optional.empty();
        Verification last = inspectors.get(inspectors.size() - 1);
        if (last.verdict() != Verdict.CORRECT) return Optional.empty();
        Correction chosen = t.node(last.parent()).filter(n -> n instanceof Correction).map(Correction.class::cast).orElse(null);
        if (chosen == null) return Optional.empty();
        ErrorLocation loc = t.node(chosen.parent()).filter(n -> n instanceof ErrorLocation).map(ErrorLocation.class::cast)
                .orElse(null);
        if (loc == null) return Optional.empty();
        boolean byTeacher = t.node(loc.parent()).filter(n -> n instanceof Verification v && v.role() == VerifierRole.TEACHER)
                .isPresent();
        Attempt a = TrainingTraces.attemptAbove(t, loc).orElse(null);
        if (!byTeacher || a == null) return Optional.empty();
        Optional<Correction> student = TrainingTraces.sorted(t.nodes(Correction.class).toList()).stream()
                .filter(c -> c.producedBy().equals(SuperCorrectStrategy.STUDENT_PRODUCER) && ownCheck(t, c, a)).findFirst();
        if (student.isEmpty()) return Optional.empty();
        ErrorLocation studentLoc = (ErrorLocation) t.node(student.get().parent()).orElseThrow();
        List<String> steps = TrainingTraces.stepTexts(t, a, null);
        int k = loc.stepIndex();
        if (k >= steps.size()) return Optional.empty();
        return Optional.of(new PreferencePair(t.problem().value() + "#" + chosen.id(), "supercorrect", correctionPrompt(q, steps, k),
                analysisAndCorrection(loc.analysis(), chosen.guidance()),
                analysisAndCorrection(studentLoc.analysis(), student.get().guidance()), k));
    }

    /** Whether correction {@code c} hangs off an error location of a self verification of attempt {@code a}. */
    private static boolean ownCheck(Trace t, Correction c, Attempt a) {
        return t.node(c.parent()).filter(n -> n instanceof ErrorLocation).flatMap(e -> t.node(e.parent()))
                .filter(n -> n instanceof Verification v && v.role() == VerifierRole.SELF && a.id().equals(v.parent()))
                .isPresent();
    }

    /**
     * P_corr: the problem, the correct steps before k, step k itself, and the request to analyse
     * and correct step k (1-based in the text).
     */
    private static String correctionPrompt(String q, List<String> steps, int k) {
        StringBuilder b = new StringBuilder(q.strip());
        for (int i = 0; i < k; i++) b.append("\n<Step").append(i + 1).append('>').append(steps.get(i).strip()).append("</Step").append(i + 1).append('>');
        b.append("\n<Step").append(k + 1).append('>').append(steps.get(k).strip()).append("</Step").append(k + 1).append('>');
        b.append("\n\nStep ").append(k + 1).append(" is the first wrong step. Analyse the error and write the correction.");
        return b.toString();
    }

    private static String analysisAndCorrection(String analysis, String guidance) {
        return "Analysis: " + analysis.strip() + "\n\nCorrection: " + guidance.strip();
    }
}
