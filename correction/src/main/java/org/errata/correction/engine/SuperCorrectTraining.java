package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.correction.training.PreferencePair;
import org.errata.correction.training.TrainingData;
import org.errata.correction.training.TrainingInput;
import org.errata.correction.training.TrainingLine;
import org.errata.correction.training.TrainingTraces;

/**
 * SuperCorrect's training data (METHODS.md A4, D.4, D.5).
 * <ul>
 *   <li>HSFT: {@code messages} = the hierarchical-thought system prompt, the bare problem, and a
 *       right first solution of the student. A re-attempt is a continuation from the correct
 *       prefix (steps k+1...) under the teacher's guidance, never a full solution to the bare
 *       problem, so it is never an HSFT item.</li>
 *   <li>Cross-model DPO: prompt = the correction request the student gets at inference (problem
 *       and its whole solution, no reference, no hint of where the error is); chosen = the
 *       teacher's analysis and correction at the location that survived inspection, rejected =
 *       the student's own, both in the format that request asks for; only when both name the
 *       same step.</li>
 *   <li>Step labels: from a person's label, else the location that survived inspection.</li>
 * </ul>
 */
enum SuperCorrectTraining implements TrainingData {
    INSTANCE;

    @Override
    public List<TrainingLine> sft(TrainingInput in) {
        List<TrainingLine> out = new ArrayList<>();
        for (Attempt a : TrainingTraces.attempts(in.trace())) {
            if (!firstSolution(a) || !Boolean.TRUE.equals(TrainingTraces.judged(in.trace(), a))) continue;
            out.add(TrainingLine.of(in.id(), "messages", List.of(
                    TrainingLine.message("system", in.template(SuperCorrectStrategy.SYSTEM, Map.of())),
                    TrainingLine.message("user", in.problem()),
                    TrainingLine.message("assistant", a.text()))));
        }
        return out;
    }

    @Override
    public String sftFilter() {
        return "a right first solution; re-attempts continue a prefix and are never HSFT items";
    }

    /** A solution to the bare problem: a first turn that hangs under nothing (a re-attempt hangs under its correction). */
    private static boolean firstSolution(Attempt a) {
        return a.parent() == null && a.turn() == 1;
    }

    @Override
    public List<PreferencePair> pairs(TrainingInput in) {
        List<PreferencePair> out = new ArrayList<>();
        crossModelPair(in).ifPresent(out::add);
        out.addAll(TrainingData.super.pairs(in));
        return out;
    }

    @Override
    public Optional<org.errata.correction.training.StepLabels> stepLabels(TrainingInput in) {
        return TrainingTraces.stepLabels(in.trace(), SuperCorrectTraining::survivingLocation);
    }

    /**
     * The teacher's error location of attempt {@code a} that survived inspection
     * ({@link org.errata.correction.metrics.InspectedLocation#surviving}, the one place that decides
     * which location counts for metrics, labels and pairs alike).
     */
    static Optional<ErrorLocation> survivingLocation(Trace t, Attempt a) {
        return org.errata.correction.metrics.InspectedLocation.surviving(t, a)
                .map(org.errata.correction.metrics.InspectedLocation::location);
    }

    private static boolean above(Trace t, TraceNode n, Attempt a) {
        return TrainingTraces.attemptAbove(t, n).filter(x -> x.id().equals(a.id())).isPresent();
    }

    private static boolean byTeacher(Trace t, ErrorLocation e) {
        return t.node(e.parent()).filter(n -> n instanceof Verification v && v.role() == VerifierRole.TEACHER).isPresent();
    }

    /** The cross-model pair of the student's first wrong solution (see the class comment). */
    static Optional<PreferencePair> crossModelPair(TrainingInput in) {
        Trace t = in.trace();
        for (Attempt a : TrainingTraces.attempts(t)) {
            if (!firstSolution(a) || !Boolean.FALSE.equals(a.correct())) continue;
            ErrorLocation teacher = survivingLocation(t, a).orElse(null);
            if (teacher == null) continue;
            Correction chosen = correctionOf(t, teacher).orElse(null);
            ErrorLocation student = studentLocation(t, a).orElse(null);
            if (chosen == null || student == null || student.stepIndex() != teacher.stepIndex()) continue;
            Correction rejected = correctionOf(t, student).orElse(null);
            if (rejected == null) continue;
            String prompt = in.template(SuperCorrectStrategy.STUDENT_CORRECTION, Map.of("problem", in.problem(), "attempt", a.text()));
            int k = teacher.stepIndex();
            return Optional.of(new PreferencePair(in.id() + "#supercorrect", "supercorrect", prompt,
                    answer(k, teacher.analysis(), chosen.guidance()), answer(k, student.analysis(), rejected.guidance()), k));
        }
        return Optional.empty();
    }

    /**
     * The student's own located error of attempt {@code a}: the location of a self verification
     * of it whose correction the student produced (made without the reference).
     */
    static Optional<ErrorLocation> studentLocation(Trace t, Attempt a) {
        return TrainingTraces.sorted(t.nodes(ErrorLocation.class).toList()).stream()
                .filter(e -> t.node(e.parent()).filter(n -> n instanceof Verification v && v.role() == VerifierRole.SELF
                        && a.id().equals(v.parent())).isPresent())
                .filter(e -> correctionOf(t, e).filter(c -> c.producedBy().equals(SuperCorrectStrategy.STUDENT_PRODUCER)).isPresent())
                .findFirst();
    }

    private static Optional<Correction> correctionOf(Trace t, ErrorLocation e) {
        return TrainingTraces.sorted(t.nodes(Correction.class).filter(c -> e.id().equals(c.parent())).toList()).stream().findFirst();
    }

    /** An answer in the format the correction request asks for: the first wrong step (1-based), the analysis, the correction. */
    static String answer(int k, String analysis, String guidance) {
        return "<FirstError step=\"" + (k + 1) + "\"/>\n<Analysis>" + analysis.strip() + "</Analysis>\n<Correction>"
                + guidance.strip() + "</Correction>";
    }
}
