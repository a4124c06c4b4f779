package org.errata.app.gui.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.errata.app.gui.diff.StepAlignment.Change;
import org.errata.app.gui.diff.StepAlignment.Row;
import org.junit.jupiter.api.Test;

class StepAlignmentTest {

    private static List<Change> changes(List<Row> rows) {
        return rows.stream().map(Row::change).toList();
    }

    @Test
    void identicalStepsAreKept() {
        List<String> s = List.of("Let x = 2.", "Then 2x = 4.", "The answer is 4.");
        assertThat(changes(StepAlignment.align(s, s))).containsExactly(Change.KEPT, Change.KEPT, Change.KEPT);
    }

    @Test
    void aChangedNumberIsAnEditInPlace() {
        List<Row> rows = StepAlignment.align(
                List.of("In April she sold 48 clips.", "Altogether $48 + 24 = 62$ clips.", "The answer is 62."),
                List.of("In April she sold 48 clips.", "Altogether $48 + 24 = 72$ clips.", "The answer is 72."));
        assertThat(changes(rows)).containsExactly(Change.KEPT, Change.EDITED, Change.EDITED);
        assertThat(rows.get(1).beforeIndex()).isEqualTo(1);
        assertThat(rows.get(1).afterIndex()).isEqualTo(1);
        assertThat(rows.get(1).similarity()).isBetween(0.9, 1.0);
    }

    @Test
    void anAddedStepIsInsertedWhereItBelongs() {
        List<Row> rows = StepAlignment.align(
                List.of("Square both sides: x + 7 = 25.", "So x = 18."),
                List.of("Square both sides: x + 7 = 25.", "Subtract 7 from both sides.", "So x = 18."));
        assertThat(changes(rows)).containsExactly(Change.KEPT, Change.INSERTED, Change.KEPT);
        assertThat(rows.get(1).beforeIndex()).isEqualTo(-1);
        assertThat(rows.get(1).afterIndex()).isEqualTo(1);
        assertThat(rows.get(2).afterIndex()).isEqualTo(2);
    }

    @Test
    void aDroppedStepIsDeleted() {
        List<Row> rows = StepAlignment.align(
                List.of("First compute the sum.", "Check the units carefully.", "The answer is 5."),
                List.of("First compute the sum.", "The answer is 5."));
        assertThat(changes(rows)).containsExactly(Change.KEPT, Change.DELETED, Change.KEPT);
        assertThat(rows.get(1).before()).isEqualTo("Check the units carefully.");
    }

    @Test
    void unrelatedStepsAreNotPairedAsEdits() {
        List<Row> rows = StepAlignment.align(List.of("Use the quadratic formula."), List.of("By symmetry, x = 0."));
        assertThat(changes(rows)).containsExactlyInAnyOrder(Change.DELETED, Change.INSERTED);
    }

    @Test
    void spacingCaseAndMathDelimitersDoNotCountAsEdits() {
        List<Row> rows = StepAlignment.align(List.of("So  $x = 18$."), List.of("so \\(x = 18\\)."));
        assertThat(changes(rows)).containsExactly(Change.KEPT);
    }

    @Test
    void emptySidesGiveOnlyInsertsOrDeletes() {
        assertThat(changes(StepAlignment.align(List.of(), List.of("a", "b")))).containsExactly(Change.INSERTED, Change.INSERTED);
        assertThat(changes(StepAlignment.align(List.of("a"), List.of()))).containsExactly(Change.DELETED);
    }

    @Test
    void similarityIsOneMinusNormalisedEditDistance() {
        assertThat(StepAlignment.similarity("kitten", "sitting")).isEqualTo(1 - 3.0 / 7);
        assertThat(StepAlignment.similarity("", "")).isEqualTo(1.0);
    }

    @Test
    void insideAnEditedStepOnlyTheChangedWordsAreMarked() {
        StepAlignment.Inline d = StepAlignment.inline("Altogether she sold 48 + 24 = 62 clips.", "Altogether she sold 48 + 24 = 72 clips.");
        assertThat(d.before().stream().filter(StepAlignment.Piece::changed).map(StepAlignment.Piece::text)).containsExactly("62");
        assertThat(d.after().stream().filter(StepAlignment.Piece::changed).map(StepAlignment.Piece::text)).containsExactly("72");
        // the pieces rebuild each side exactly
        assertThat(String.join("", d.before().stream().map(StepAlignment.Piece::text).toList()))
                .isEqualTo("Altogether she sold 48 + 24 = 62 clips.");
        assertThat(String.join("", d.after().stream().map(StepAlignment.Piece::text).toList()))
                .isEqualTo("Altogether she sold 48 + 24 = 72 clips.");
    }

    @Test
    void anInsertedWordIsChangedOnlyOnItsSide() {
        StepAlignment.Inline d = StepAlignment.inline("So x = 4.", "So x = 4.5 exactly.");
        assertThat(d.after().stream().filter(StepAlignment.Piece::changed).map(StepAlignment.Piece::text))
                .containsExactly("4.5", "exactly");
        assertThat(d.before().stream().filter(StepAlignment.Piece::changed).map(StepAlignment.Piece::text)).containsExactly("4");
    }
}
