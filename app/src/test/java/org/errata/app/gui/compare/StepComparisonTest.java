package org.errata.app.gui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.errata.app.gui.diff.StepAlignment;
import org.errata.app.gui.tree.Fixtures;
import org.errata.correction.trace.Trace;
import org.junit.jupiter.api.Test;

/** Two runs' attempts at one problem, aligned step by step and anchored at the first error, without a toolkit. */
class StepComparisonTest {

    @Test
    void stepsPairUpAndEachSidesFirstErrorIsMarkedWithItsSource() {
        Trace a = Fixtures.corrected(); // attempt 1: step 2 wrong, labelled by a person and located by the verifier
        Trace b = Fixtures.corrected();
        StepComparison c = StepComparison.of(a, 0, b, 1); // A's wrong first attempt against B's right second one
        assertThat(c).isNotNull();
        assertThat(c.rows()).extracting(r -> r.aligned().change())
                .containsExactly(StepAlignment.Change.KEPT, StepAlignment.Change.EDITED, StepAlignment.Change.EDITED);
        assertThat(c.errorA()).isEqualTo(new StepComparison.FirstError(1, "human label"));
        assertThat(c.errorB()).as("the right attempt has no first error").isNull();
        assertThat(c.rows().get(1).errorA()).isTrue();
        assertThat(c.rows().get(1).aligned().before()).isEqualTo(Fixtures.WRONG_STEP);
        assertThat(c.rows().get(1).aligned().after()).isEqualTo("Then 5 + 4 = 9.");
        assertThat(c.anchor()).as("opens at the wrong step's row").isEqualTo(1);
        assertThat(c.attemptA()).isEqualTo("Attempt 1 of 2 · answer 8 · wrong");
        assertThat(c.attemptB()).isEqualTo("Attempt 2 of 2 · answer 9 · right");
    }

    @Test
    void withoutAHumanLabelTheVerifiersLocationMarksTheStep() {
        Trace b = Fixtures.corrected();
        Trace unlabelled = new Trace(b.run(), b.problem(), b.status(), b.finalAnswer(), b.correct(),
                b.nodes().stream().filter(n -> !(n instanceof org.errata.correction.trace.HumanLabel)).toList());
        StepComparison c = StepComparison.of(Fixtures.clean(), 0, unlabelled, 0);
        assertThat(c.errorA()).isNull();
        assertThat(c.errorB()).isEqualTo(new StepComparison.FirstError(1, "located by the run"));
        assertThat(c.rows()).anySatisfy(r -> {
            assertThat(r.errorB()).isTrue();
            assertThat(r.aligned().after()).isEqualTo(Fixtures.WRONG_STEP);
        });
        assertThat(c.rows().get(c.anchor()).errorB()).isTrue();
    }

    @Test
    void nothingToCompareWithoutBothTraces() {
        assertThat(StepComparison.of(null, 0, Fixtures.clean(), 0)).isNull();
        StepComparison clamped = StepComparison.of(Fixtures.clean(), 5, Fixtures.clean(), -3);
        assertThat(clamped.attemptA()).startsWith("Attempt 1 of 1");
        assertThat(clamped.rows()).allSatisfy(r -> assertThat(r.aligned().change()).isEqualTo(StepAlignment.Change.KEPT));
        assertThat(clamped.anchor()).isZero();
    }
}
