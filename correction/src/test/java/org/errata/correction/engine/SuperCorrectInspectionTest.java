package org.errata.correction.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.errata.correction.engine.StrategiesTest.NO;
import static org.errata.correction.engine.StrategiesTest.YES;
import static org.errata.correction.engine.StrategiesTest.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.correction.metrics.InspectedLocation;
import org.errata.correction.metrics.MetricsReport;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;

/**
 * SuperCorrect's teacher/inspector chain as metrics and labels read it: the location that
 * survived inspection counts, not the teacher's first verdict; the student's own k' is compared
 * with it.
 */
class SuperCorrectInspectionTest {

    static final String WRONG = "<Step1>25 * 2 = 50</Step1>\n<Step2>17 + 50 = 68</Step2>\n<Answer>\\boxed{68}</Answer>";
    static final String TEACHER_STEP1 = "<FirstError step=\"1\"/>\n<Analysis>Step 1 is wrong.</Analysis>\n<Correction>Redo step 1.</Correction>";
    static final String TEACHER_STEP2 = "<FirstError step=\"2\"/>\n<Analysis>17 + 50 is 67.</Analysis>\n<Correction>Recompute 17 + 50.</Correction>";
    static final String STUDENT_STEP2 = "<FirstError step=\"2\"/>\n<Analysis>I added wrongly.</Analysis>\n<Correction>Add again.</Correction>";

    private static Harness.Result run(int inspectorRounds, List<String> student, List<String> teacher, List<String> inspector) {
        Strategy s = new SuperCorrectStrategy(new SuperCorrectStrategy.Params(inspectorRounds, false, true));
        ModelSet models = ModelSet.of(new ScriptedLanguageModel("student", replay(student.toArray(String[]::new))))
                .withTeacher(new ScriptedLanguageModel("teacher", replay(teacher.toArray(String[]::new))))
                .withInspector(new ScriptedLanguageModel("inspector", replay(inspector.toArray(String[]::new))));
        return Harness.run(s, models, Harness.options());
    }

    /** The trace with a human label on the student's attempt (the reference first-error metrics compare against). */
    private static Trace labelled(Trace t, int firstError) {
        Attempt a = t.attempts().get(0);
        List<TraceNode> nodes = new ArrayList<>(t.nodes());
        nodes.add(new HumanLabel(NodeId.random(), a.id(), nodes.size(), "ann", "xml_step", firstError, List.of(),
                null, null, false, null, 0, Instant.EPOCH));
        return new Trace(t.run(), t.problem(), t.status(), t.finalAnswer(), t.correct(), nodes);
    }

    @Test
    void theLocationTheInspectorPassedCountsNotTheTeachersFirstVerdict() {
        Harness.Result r = run(3, List.of(WRONG, STUDENT_STEP2), List.of(TEACHER_STEP1, TEACHER_STEP2),
                List.of("The teacher blamed a right step." + NO, "Right." + YES));
        Trace t = r.trace();
        Attempt a = t.attempts().get(0);

        InspectedLocation x = InspectedLocation.surviving(t, a).orElseThrow();
        assertThat(x.status()).isEqualTo(InspectedLocation.Status.PASSED);
        assertThat(x.firstStep()).isZero();
        assertThat(x.step()).isEqualTo(1);
        assertThat(x.inspections()).isEqualTo(2);
        assertThat(x.location().analysis()).isEqualTo("17 + 50 is 67.");
        assertThat(x.correction().guidance()).isEqualTo("Recompute 17 + 50.");
        assertThat(x.teacher().iteration()).isEqualTo(2);
        assertThat(x.studentStep()).isEqualTo(1);
        assertThat(x.studentAgrees()).contains(true);

        Map<String, Object> m = MetricsReport.compute(List.of(labelled(t, 1))).toJsonMap();
        assertThat(m).containsEntry("first_error_located", 1).containsEntry("first_error_accuracy", 1.0)
                .containsEntry("processbench_acc_error", 1.0)
                .containsEntry("teacher_checked", 1).containsEntry("teacher_location_survived", 1)
                .containsEntry("teacher_location_rejected", 0).containsEntry("teacher_location_moved_by_inspector", 1)
                .containsEntry("student_teacher_pairs", 1).containsEntry("student_teacher_agreement", 1.0);
        // against a label at the teacher's first (withdrawn) step, the surviving location misses
        assertThat(MetricsReport.compute(List.of(labelled(t, 0))).toJsonMap()).containsEntry("first_error_accuracy", 0.0);
    }

    @Test
    void aLocationStillFlaggedWhenTheRoundsRunOutSurvivesNothing() {
        Harness.Result r = run(2, List.of(WRONG, STUDENT_STEP2), List.of(TEACHER_STEP1, TEACHER_STEP1),
                List.of("Wrong step." + NO, "Still the wrong step." + NO));
        Trace t = r.trace();
        Attempt a = t.attempts().get(0);

        InspectedLocation x = InspectedLocation.of(t, a).orElseThrow();
        assertThat(x.status()).isEqualTo(InspectedLocation.Status.REJECTED);
        assertThat(x.inspections()).isEqualTo(2);
        assertThat(x.studentAgrees()).isEmpty();
        assertThat(InspectedLocation.surviving(t, a)).isEmpty();
        Map<String, Object> m = MetricsReport.compute(List.of(labelled(t, 0))).toJsonMap();
        assertThat(m).containsEntry("first_error_located", 0).containsEntry("teacher_location_rejected", 1)
                .containsEntry("teacher_location_survived", 0).containsEntry("student_teacher_pairs", 0)
                .containsEntry("student_teacher_agreement", null);
    }

    @Test
    void withoutAnInspectorTheTeachersLocationStandsAndTheStudentMayDisagree() {
        Harness.Result r = run(0, List.of(WRONG, STUDENT_STEP2), List.of(TEACHER_STEP1), List.of());
        Trace t = r.trace();
        Attempt a = t.attempts().get(0);

        InspectedLocation x = InspectedLocation.surviving(t, a).orElseThrow();
        assertThat(x.status()).isEqualTo(InspectedLocation.Status.UNCHECKED);
        assertThat(x.step()).isZero();
        assertThat(x.studentStep()).isEqualTo(1);
        assertThat(x.studentAgrees()).contains(false);
        assertThat(MetricsReport.compute(List.of(t)).toJsonMap()).containsEntry("student_teacher_pairs", 1)
                .containsEntry("student_teacher_agreement", 0.0).containsEntry("teacher_location_moved_by_inspector", 0);
    }

    @Test
    void aTeacherThatWithdrawsOnRevisionLocatesNoError() {
        Harness.Result r = run(3, List.of(WRONG, STUDENT_STEP2),
                List.of(TEACHER_STEP1, "<FirstError step=\"-1\"/>\n<Analysis>All steps are right.</Analysis>"),
                List.of("Step 1 is right." + NO));
        Trace t = r.trace();
        InspectedLocation x = InspectedLocation.of(t, t.attempts().get(0)).orElseThrow();
        assertThat(x.status()).isEqualTo(InspectedLocation.Status.NO_ERROR);
        assertThat(x.location()).isNull();
        assertThat(InspectedLocation.surviving(t, t.attempts().get(0))).isEmpty();
        assertThat(MetricsReport.compute(List.of(labelled(t, 1))).toJsonMap())
                .containsEntry("first_error_located", 0).containsEntry("processbench_acc_error", 0.0);
    }
}
