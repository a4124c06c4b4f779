package org.errata.correction.engine;

import java.util.List;
import java.util.Map;
import org.errata.correction.parse.Span;
import org.errata.correction.parse.VerdictParser;
import org.errata.correction.parse.VerdictParsers;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;

/**
 * SuperCorrect (METHODS.md A4). The student solves in hierarchical-thought XML. A wrong
 * solution goes to the teacher, who sees the reference solution, names the first wrong step
 * ({@code <FirstError step="k"/>}, 1-based) and writes an analysis and a correction. An
 * inspector checks the teacher's trace; a flagged trace goes back to the teacher, up to
 * {@code inspectorRounds} checks. Right after the teacher's first analysis the student gets the
 * same correction request without the reference ({@code studentCorrection}): its verdict is a
 * {@link VerifierRole#SELF} verification of its own attempt, and a located error becomes an
 * error location and a correction {@linkplain #STUDENT_PRODUCER produced by "student"} (the
 * rejected side of the cross-model DPO pair). Then the student re-solves from the correct prefix with the
 * teacher's guidance. Uses gold: the student's answer is checked against it (only wrong
 * solutions are corrected) and the teacher sees the reference.
 */
public record SuperCorrectStrategy(Params params) implements Strategy {

    static final String STUDENT = "supercorrect.student";
    static final String TEACHER = "supercorrect.teacher";
    static final String INSPECTOR = "supercorrect.inspector";
    static final String REVISE = "supercorrect.revise";
    static final String REATTEMPT = "supercorrect.reattempt";
    static final String STUDENT_CORRECTION = "supercorrect.student-correction";
    /** The hierarchical-thought instructions as a system prompt (HSFT items carry it). */
    static final String SYSTEM = "supercorrect.system";
    /** {@link Correction#producedBy()} of the student's own correction. */
    public static final String STUDENT_PRODUCER = "student";

    @Override public String id() { return "supercorrect"; }
    @Override public org.errata.correction.training.TrainingData trainingData() { return SuperCorrectTraining.INSTANCE; }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(
            Knob.integer("inspector_rounds", 3, 0, 16,
                    "Most inspector checks of the teacher's correction (3 in the SuperCorrect paper)."),
            Knob.bool("reattempt", true, "The student re-solves from the step the teacher corrected."),
            Knob.bool("student_correction", true,
                    "The student also analyses its own wrong solution without the reference (the rejected side of the DPO pair)."));

    /** SuperCorrect's knobs: {@code inspector_rounds}, {@code reattempt}, {@code student_correction}. */
    public record Params(int inspectorRounds, boolean reattempt, boolean studentCorrection) implements StrategyParams {
        public Params {
            if (inspectorRounds < 0) throw new IllegalArgumentException("inspector rounds must be >= 0: " + inspectorRounds);
        }

        public static Params of(KnobValues v) {
            return new Params(v.integer("inspector_rounds"), v.bool("reattempt"), v.bool("student_correction"));
        }

        @Override
        public Map<String, Object> values() {
            return Map.of("inspector_rounds", inspectorRounds, "reattempt", reattempt, "student_correction", studentCorrection);
        }
    }

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public String format() { return "supercorrect"; }
    @Override public List<String> templates() { return List.of(STUDENT, TEACHER, INSPECTOR, REVISE, REATTEMPT, STUDENT_CORRECTION); }
    @Override public boolean usesGold() { return true; }
    @Override public List<ModelRole> roles() { return List.of(ModelRole.STUDENT, ModelRole.TEACHER, ModelRole.INSPECTOR); }
    @Override public String defaultSegmenter() { return "xml_step"; }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        Problem problem = session.problem();
        Attempt student = Moves.attempt(session, ModelRole.STUDENT,
                Moves.user(session.render(STUDENT, Map.of("problem", problem.text()))), null, 1, AttemptRole.STUDENT);
        if (Boolean.TRUE.equals(student.correct())) return session.solved("the student's answer matches the gold answer");
        String reference = reference(problem);
        VerdictParser teacherParser = VerdictParsers.byId(VerdictParsers.FIRST_ERROR_TAG);
        Map<String, String> base = Map.of("problem", problem.text(), "reference", reference, "attempt", student.text());
        Verification teacher = Moves.verify(session, ModelRole.TEACHER, Moves.user(session.render(TEACHER, base)),
                student.id(), VerifierRole.TEACHER, 1, teacherParser, -1);
        if (teacher.verdict() != Verdict.INCORRECT) {
            return session.stopped(teacher.verdict() == Verdict.CORRECT
                    ? "the teacher found no wrong step" : "the teacher's analysis could not be read");
        }
        Correction correction = null;
        int k = 0;
        for (int round = 1; ; round++) {
            k = teacher.predictedFirstError() != null ? teacher.predictedFirstError() : 0;
            String analysis = Moves.tag(teacher.rawText(), "Analysis");
            String guidance = Moves.tag(teacher.rawText(), "Correction");
            ErrorLocation location = session.errorLocation(teacher.id(), k, analysis.isEmpty() ? teacher.rawText() : analysis, null);
            correction = session.correction(session.newNode(), location.id(),
                    guidance.isEmpty() ? teacher.rawText() : guidance, null, teacher.model());
            if (round == 1 && params.studentCorrection()) studentCorrection(session, student, teacherParser);
            if (round > params.inspectorRounds()) break;
            Map<String, String> inspect = Map.of("problem", problem.text(), "reference", reference,
                    "attempt", student.text(), "analysis", teacher.rawText());
            Verification inspector = Moves.verify(session, ModelRole.INSPECTOR,
                    Moves.user(session.render(INSPECTOR, inspect)), correction.id(), VerifierRole.INSPECTOR, round,
                    VerdictParsers.byId(VerdictParsers.SPOC), -1);
            if (inspector.verdict() == Verdict.CORRECT || round == params.inspectorRounds()) break;
            Map<String, String> revise = Map.of("problem", problem.text(), "reference", reference,
                    "attempt", student.text(), "analysis", teacher.rawText(), "feedback", inspector.rawText());
            Verification revised = Moves.verify(session, ModelRole.TEACHER, Moves.user(session.render(REVISE, revise)),
                    inspector.id(), VerifierRole.TEACHER, round + 1, teacherParser, -1);
            if (revised.verdict() != Verdict.INCORRECT) return session.stopped("the teacher withdrew the error");
            teacher = revised;
        }
        if (!params.reattempt()) return session.stopped("corrected (no re-attempt)");
        String prefix = prefix(student.text(), session.segmenter().segment(student.text()), k);
        Attempt again = Moves.attempt(session, ModelRole.STUDENT, Moves.user(session.render(REATTEMPT,
                Map.of("problem", problem.text(), "prefix", prefix, "feedback", correction.guidance()))),
                correction.id(), 2, AttemptRole.STUDENT);
        return again.status() == org.errata.correction.trace.NodeStatus.OK ? session.stopped("re-attempted from the corrected prefix") : session.stopped("re-attempt truncated");
    }

    /**
     * Step 4: the student's own analysis and correction, asked like the teacher but without the
     * reference. Unreadable output stays an unparsed verification; "no error" adds nothing.
     */
    private static void studentCorrection(ProblemSession session, Attempt student, VerdictParser parser) {
        Problem problem = session.problem();
        Verification self = Moves.verify(session, ModelRole.STUDENT, Moves.user(session.render(STUDENT_CORRECTION,
                Map.of("problem", problem.text(), "attempt", student.text()))), student.id(), VerifierRole.SELF, 1, parser, -1);
        Integer k = self.predictedFirstError();
        if (self.verdict() != Verdict.INCORRECT || k == null || k < 0) return;
        String analysis = Moves.tag(self.rawText(), "Analysis");
        String guidance = Moves.tag(self.rawText(), "Correction");
        ErrorLocation location = session.errorLocation(self.id(), k, analysis.isEmpty() ? self.rawText() : analysis, null);
        session.correction(session.newNode(), location.id(), guidance.isEmpty() ? self.rawText() : guidance, null,
                STUDENT_PRODUCER);
    }

    private static String reference(Problem problem) {
        if (problem.goldSolution() != null) return problem.goldSolution();
        if (problem.goldAnswer() != null) return "The final answer is \\boxed{" + problem.goldAnswer() + "}.";
        return "(no reference solution)";
    }

    /** The student's steps before step {@code k} (0-based), one per line. */
    private static String prefix(String text, List<Span> steps, int k) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(k, steps.size()); i++) {
            out.append("<Step").append(i + 1).append('>').append(steps.get(i).text(text))
                    .append("</Step").append(i + 1).append(">\n");
        }
        return out.isEmpty() ? "(none)" : out.toString().strip();
    }

}
