package org.errata.app.gui.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.app.gui.task.CurrentThreadTaskExecutor;
import org.errata.app.services.sample.InMemoryLibrary;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Verdict;
import org.junit.jupiter.api.Test;

class MetricsViewModelTest {
    private final List<String> errors = new ArrayList<>();

    @Test
    void reportOfTheSampleRun() {
        InMemoryLibrary lib = InMemoryLibrary.withSample();
        MetricsViewModel vm = new MetricsViewModel(lib, new CurrentThreadTaskExecutor(), errors::add);
        vm.runProperty().set(SampleLibrary.run());
        var r = vm.reportProperty().get();
        assertThat(r).isNotNull();
        assertThat(r.problems()).isEqualTo(4);
        // first answers: clips 62 (wrong), sqrt 18, fractions 2/5 (wrong), eggs 16 (wrong); final: 3 of 4 right
        assertThat(r.accFirst()).isEqualTo(0.25);
        assertThat(r.accFinal()).isEqualTo(0.75);
        assertThat(r.cost().solved()).isEqualTo(3);
        // six self-verifications: on right solutions 3 x "correct"; on wrong ones 2 x "incorrect", 1 miss (fractions)
        assertThat(List.of(r.verifier().tn(), r.verifier().fn(), r.verifier().fp(), r.verifier().tp())).containsExactly(3, 1, 0, 2);
        assertThat(vm.comparisonProperty().get()).isNull();
        assertThat(errors).isEmpty();
    }

    @Test
    void hiddenMetricsAreComputedWhenShownNotBefore() {
        InMemoryLibrary lib = InMemoryLibrary.withSample();
        List<String> executed = new ArrayList<>();
        CurrentThreadTaskExecutor direct = new CurrentThreadTaskExecutor();
        org.errata.app.gui.task.TaskExecutor counting = new org.errata.app.gui.task.TaskExecutor() {
            @Override
            public <T> void execute(java.util.concurrent.Callable<T> work, java.util.function.Consumer<? super T> onSuccess,
                                    java.util.function.Consumer<? super Exception> onFailure) {
                executed.add("task");
                direct.execute(work, onSuccess, onFailure);
            }

            @Override
            public void onUiThread(Runnable action) {
                direct.onUiThread(action);
            }
        };
        MetricsViewModel vm = new MetricsViewModel(lib, counting, errors::add);
        vm.shownProperty().set(false);
        vm.runProperty().set(SampleLibrary.run());
        assertThat(executed).isEmpty();
        assertThat(vm.reportProperty().get()).isNull();

        vm.shownProperty().set(true);
        assertThat(executed).hasSize(1);
        assertThat(vm.reportProperty().get()).isNotNull();
        assertThat(vm.reportProperty().get().problems()).isEqualTo(4);

        vm.shownProperty().set(false);
        vm.shownProperty().set(true); // nothing changed meanwhile: not computed again
        assertThat(executed).hasSize(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void runBAgainstRunAListsWhatBFixed() {
        InMemoryLibrary lib = InMemoryLibrary.withSample();
        RunId bId = new RunId("b");
        Problem fractions = SampleLibrary.problems().get(2);
        TraceBuilder tb = new TraceBuilder(bId, fractions.id(), "m");
        Attempt a = tb.attempt(null, 1, "p", "1/2 + 1/3 = 5/6.", "\\frac{5}{6}", true, false);
        tb.verify(a, "Yes", Verdict.CORRECT, null, -1);
        Run b = new Run(bId, "B", SampleLibrary.DATASET, "self-refine", Map.of(), List.of(), Map.of(),
                new Sampling(0, 0, 1, 0, 0, 1), false, "t", null, Instant.EPOCH, RunStatus.FINISHED);
        lib.addRun(b, List.of(tb.finish("\\frac{5}{6}", true)));
        MetricsViewModel vm = new MetricsViewModel(lib, new CurrentThreadTaskExecutor(), errors::add);
        vm.runProperty().set(SampleLibrary.run());
        vm.otherProperty().set(b);
        var c = vm.comparisonProperty().get();
        assertThat(c).isNotNull();
        assertThat(c.common()).isEqualTo(1);
        assertThat(c.fixedByB()).containsExactly(fractions.id());
        assertThat(c.brokenByB()).isEmpty();
        vm.otherProperty().set(null);
        assertThat(vm.comparisonProperty().get()).isNull();
    }
}
