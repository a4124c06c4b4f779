package org.errata.app.gui.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.errata.app.gui.tree.TraceNodeItem.Kind;
import org.errata.correction.trace.Step;
import org.junit.jupiter.api.Test;

class TraceTreeModelTest {

    @Test
    void attemptsHangUnderTheProblemWithTheirStepsVerdictsAndLabels() {
        TraceTreeModel m = TraceTreeModel.of(Fixtures.corrected(), Fixtures.PROBLEM, false);
        TraceNodeItem root = m.root();
        assertThat(root.kind()).isEqualTo(Kind.PROBLEM);
        assertThat(root.children()).extracting(TraceNodeItem::kind).containsExactly(Kind.ATTEMPT, Kind.ATTEMPT);
        TraceNodeItem a1 = root.children().get(0);
        assertThat(a1.children()).extracting(TraceNodeItem::kind)
                .containsExactly(Kind.STEP, Kind.STEP, Kind.STEP, Kind.VERIFICATION, Kind.HUMAN_LABEL);
        TraceNodeItem v1 = a1.children().get(3);
        assertThat(v1.badges()).contains(Badge.VERDICT_INCORRECT).doesNotContain(Badge.VERDICT_CORRECT);
        assertThat(v1.children()).extracting(TraceNodeItem::kind).containsExactly(Kind.ERROR_LOCATION);
        assertThat(v1.children().get(0).children()).extracting(TraceNodeItem::kind).containsExactly(Kind.CORRECTION);
        assertThat(a1.badges()).contains(Badge.ANSWER_WRONG);
        assertThat(root.children().get(1).badges()).contains(Badge.ANSWER_RIGHT);
        assertThat(root.children().get(1).children().get(3).badges()).contains(Badge.VERDICT_CORRECT);
        assertThat(root.badges()).contains(Badge.ANSWER_RIGHT).doesNotContain(Badge.USES_GOLD);
    }

    @Test
    void theLocatedStepCarriesTheFirstErrorAndTheHumanLabelBadges() {
        TraceTreeModel m = TraceTreeModel.of(Fixtures.corrected(), Fixtures.PROBLEM, false);
        List<TraceNodeItem> steps = m.root().children().get(0).children().subList(0, 3);
        assertThat(steps.get(1).badges()).contains(Badge.FIRST_ERROR, Badge.HUMAN_FIRST_ERROR);
        assertThat(steps.get(0).badges()).isEmpty();
        assertThat(steps.get(2).badges()).isEmpty();
        assertThat(steps.get(1).preview()).isEqualTo(Fixtures.WRONG_STEP);
        assertThat(((Step) steps.get(1).node()).index()).isEqualTo(1);
    }

    @Test
    void aVerificationThatNamesAStepMarksItWithoutAnErrorLocation() {
        org.errata.correction.trace.Trace t = Fixtures.corrected();
        List<org.errata.correction.trace.TraceNode> kept = t.nodes().stream()
                .filter(n -> !(n instanceof org.errata.correction.trace.ErrorLocation)
                        && !(n instanceof org.errata.correction.trace.Correction)
                        && !(n instanceof org.errata.correction.trace.HumanLabel)).toList();
        TraceTreeModel m = TraceTreeModel.of(new org.errata.correction.trace.Trace(t.run(), t.problem(), t.status(), t.finalAnswer(), t.correct(), kept), Fixtures.PROBLEM, false);
        List<TraceNodeItem> steps = m.root().children().get(0).children().subList(0, 3);
        assertThat(steps.get(1).badges()).containsExactly(Badge.FIRST_ERROR);
        assertThat(steps.get(0).badges()).isEmpty();
        // without a location, a tree still opens at the verdict that names the step
        assertThat(m.collapseToFirstError().kind()).isEqualTo(Kind.VERIFICATION);
    }

    @Test
    void collapsedToTheFirstErrorByDefault() {
        TraceTreeModel m = TraceTreeModel.of(Fixtures.corrected(), Fixtures.PROBLEM, false);
        TraceNodeItem target = m.collapseToFirstError();
        TraceNodeItem a1 = m.root().children().get(0);
        TraceNodeItem a2 = m.root().children().get(1);
        assertThat(target).isSameAs(a1.children().get(1));
        assertThat(m.root().isExpanded()).isTrue();
        assertThat(a1.isExpanded()).isTrue();
        assertThat(a2.isExpanded()).isFalse();
        assertThat(a1.children().get(3).isExpanded()).as("verification").isFalse();
    }

    @Test
    void withoutALocationTheFirstWrongAnswerIsTheTarget() {
        TraceTreeModel m = TraceTreeModel.of(Fixtures.missed(), Fixtures.PROBLEM, false);
        assertThat(m.collapseToFirstError()).isSameAs(m.root().children().get(0));
        assertThat(m.root().badges()).contains(Badge.ANSWER_WRONG);
    }

    @Test
    void aCleanTraceSelectsTheRootAndCollapsesTheRest() {
        TraceTreeModel m = TraceTreeModel.of(Fixtures.clean(), Fixtures.PROBLEM, false);
        assertThat(m.collapseToFirstError()).isSameAs(m.root());
        assertThat(m.root().children()).allMatch(c -> !c.isExpanded());
    }

    @Test
    void oracleRunsCarryTheUsesGoldBadge() {
        TraceTreeModel m = TraceTreeModel.of(Fixtures.clean(), Fixtures.PROBLEM, true);
        assertThat(m.root().badges()).contains(Badge.USES_GOLD);
        assertThat(m.root().children().get(0).badges()).contains(Badge.USES_GOLD);
    }

    @Test
    void theStudentsOwnCorrectionIsLabelledStudent() {
        org.errata.correction.trace.Trace t = Fixtures.corrected();
        TraceTreeModel m = TraceTreeModel.of(t, Fixtures.PROBLEM, true);
        org.errata.correction.trace.ErrorLocation loc = t.nodes(org.errata.correction.trace.ErrorLocation.class)
                .findFirst().orElseThrow();
        TraceNodeItem student = m.add(new org.errata.correction.trace.Correction(
                org.errata.correction.trace.NodeId.random(), loc.id(), 99, "Use 52.", null, "student"));
        assertThat(student.title()).isEqualTo("Correction (student)");
        assertThat(student.preview()).isEqualTo("Use 52.");
        assertThat(student.parent().node()).isEqualTo(loc);
        TraceNodeItem teacher = student.parent().children().get(0);
        assertThat(teacher.title()).isEqualTo("Correction");
    }
}
