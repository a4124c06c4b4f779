package org.errata.app.gui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.errata.app.gui.task.CurrentThreadTaskExecutor;
import org.errata.app.gui.tree.Badge;
import org.errata.app.services.sample.InMemoryLibrary;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.correction.metrics.Comparison;
import org.errata.correction.metrics.Metrics;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Verdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CompareViewModelTest {
    private static final ProblemId CLIPS = new ProblemId("sample/clips");
    private static final ProblemId SQRT = new ProblemId("sample/sqrt");
    private static final ProblemId FRACTIONS = new ProblemId("sample/fractions");

    private final List<String> errors = new ArrayList<>();
    private InMemoryLibrary lib;
    private CompareViewModel vm;

    @BeforeEach
    void setUp() {
        lib = InMemoryLibrary.withSample();
        lib.addRun(CompareFixtures.rerun(), CompareFixtures.rerunTraces());
        vm = new CompareViewModel(lib, new CurrentThreadTaskExecutor(), errors::add);
    }

    private List<ProblemId> listed(CompareFilter f) {
        vm.filterProperty().set(f);
        return vm.rows().stream().map(CompareRow::problem).toList();
    }

    @Test
    void defaultsAreTheChosenRunAndThePreviousOneOnTheSameDataset() {
        vm.open(CompareFixtures.RERUN);
        assertThat(vm.runs()).hasSize(2);
        assertThat(vm.runAProperty().get().id()).isEqualTo(CompareFixtures.RERUN);
        assertThat(vm.runBProperty().get().id()).isEqualTo(SampleLibrary.RUN);
        // The oldest run has nothing before it: B is the one made after it.
        vm.open(SampleLibrary.RUN);
        assertThat(vm.runAProperty().get().id()).isEqualTo(SampleLibrary.RUN);
        assertThat(vm.runBProperty().get().id()).isEqualTo(CompareFixtures.RERUN);
        assertThat(errors).isEmpty();
    }

    @Test
    void filtersListTheRightCommonProblems() {
        vm.open(CompareFixtures.RERUN);
        // eggs has no trace in the rerun: only the three common problems, in A's order.
        assertThat(listed(CompareFilter.ALL)).containsExactly(CLIPS, SQRT, FRACTIONS);
        // A (rerun) got clips wrong, B (sample) right; fractions the other way round.
        assertThat(listed(CompareFilter.FIXED_BY_B)).containsExactly(CLIPS);
        assertThat(listed(CompareFilter.BROKEN_BY_B)).containsExactly(FRACTIONS);
        assertThat(listed(CompareFilter.BOTH_RIGHT)).containsExactly(SQRT);
        assertThat(listed(CompareFilter.BOTH_WRONG)).isEmpty();
        assertThat(listed(CompareFilter.ANSWERS_DIFFER)).containsExactly(CLIPS, FRACTIONS);
        assertThat(vm.countsProperty().get()).containsEntry(CompareFilter.ALL, 3).containsEntry(CompareFilter.FIXED_BY_B, 1)
                .containsEntry(CompareFilter.BROKEN_BY_B, 1).containsEntry(CompareFilter.BOTH_RIGHT, 1)
                .containsEntry(CompareFilter.BOTH_WRONG, 0).containsEntry(CompareFilter.ANSWERS_DIFFER, 2);
        assertThat(errors).isEmpty();
    }

    @Test
    void fixedAndBrokenAgreeWithTheMetricsPanel() throws Exception {
        vm.open(CompareFixtures.RERUN);
        Comparison c = Metrics.compare(lib.runTraces(CompareFixtures.RERUN), lib.runTraces(SampleLibrary.RUN));
        assertThat(listed(CompareFilter.FIXED_BY_B)).isEqualTo(c.fixedByB());
        assertThat(listed(CompareFilter.BROKEN_BY_B)).isEqualTo(c.brokenByB());
        assertThat(vm.allRows()).hasSize(c.common());
    }

    @Test
    void swappingTurnsFixedIntoBroken() {
        vm.open(CompareFixtures.RERUN);
        vm.swap();
        assertThat(vm.runAProperty().get().id()).isEqualTo(SampleLibrary.RUN);
        assertThat(listed(CompareFilter.FIXED_BY_B)).containsExactly(FRACTIONS);
        assertThat(listed(CompareFilter.BROKEN_BY_B)).containsExactly(CLIPS);
    }

    @Test
    void rowsCarryAnswersAttemptsAndLastVerdicts() {
        vm.open(CompareFixtures.RERUN);
        CompareRow clips = vm.allRows().get(0);
        assertThat(clips.a().answer()).isEqualTo("62");
        assertThat(clips.a().right()).isFalse();
        assertThat(clips.a().attempts()).isEqualTo(1);
        assertThat(clips.a().lastVerdict()).isEqualTo(Verdict.INCORRECT);
        assertThat(clips.b().answer()).isEqualTo("72");
        assertThat(clips.b().right()).isTrue();
        assertThat(clips.b().attempts()).isGreaterThan(1);
        assertThat(clips.problemText()).startsWith("Natalia");
    }

    @Test
    void selectingARowOpensBothTreesAtTheirFirstErrors() {
        vm.open(CompareFixtures.RERUN);
        vm.filterProperty().set(CompareFilter.FIXED_BY_B);
        vm.selectedProperty().set(vm.rows().get(0));
        var a = vm.sideAProperty().get();
        var b = vm.sideBProperty().get();
        assertThat(a).isNotNull();
        assertThat(b).isNotNull();
        assertThat(a.tree().problem()).isEqualTo(CLIPS);
        assertThat(a.tree().run()).isEqualTo(CompareFixtures.RERUN);
        assertThat(b.tree().run()).isEqualTo(SampleLibrary.RUN);
        // The rerun's only attempt has its error located at step 1: the tree opens there.
        assertThat(a.focus().badges()).contains(Badge.FIRST_ERROR);
        assertThat(a.tree().firstError()).contains(a.focus());
        vm.selectedProperty().set(null);
        assertThat(vm.sideAProperty().get()).isNull();
        assertThat(errors).isEmpty();
    }

    @Test
    void sameRunTwiceListsNothing() {
        Run sample = SampleLibrary.run();
        vm.choose(sample, sample);
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.countsProperty().get()).containsEntry(CompareFilter.ALL, 0);
    }
}
