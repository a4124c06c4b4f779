package org.errata.app.gui.present;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.errata.app.export.TraceCard;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.services.RunHandle;
import org.errata.app.services.ServiceException;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.junit.jupiter.api.Test;

/**
 * The presentation's view model without a toolkit: the start of a live run is background work,
 * its events arrive in one batch per frame, and a replaced or closed run's events are dropped.
 */
class PresentationViewModelTest {
    /** Background work and frame flushes that run only when the test says so. */
    private final Deque<Runnable> background = new ArrayDeque<>();
    private final Deque<Runnable> flushes = new ArrayDeque<>();
    private final TaskExecutor tasks = new TaskExecutor() {
        @Override
        public <T> void execute(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Exception> onFailure) {
            background.add(() -> {
                try {
                    onSuccess.accept(work.call());
                } catch (Exception e) {
                    onFailure.accept(e);
                }
            });
        }

        @Override
        public void onUiThread(Runnable action) {
            action.run();
        }
    };

    private final RunId run = new RunId("r");
    private final ProblemId pid = new ProblemId("live/typed-1");
    private final List<LoopListener> listeners = new ArrayList<>();
    private final List<String> cancelled = new ArrayList<>();

    private LiveRunner runner() {
        return (text, listener) -> {
            listeners.add(listener);
            int n = listeners.size();
            return new RunHandle() {
                @Override public RunId run() { return run; }
                @Override public int problems() { return 1; }
                @Override public void cancel() { cancelled.add("run " + n); }
                @Override public CompletionStage<LoopEvent.RunOutcome> outcome() { return new CompletableFuture<>(); }
            };
        };
    }

    private void tokens(LoopListener l, String node, String... texts) {
        l.on(new LoopEvent.NodeStarted(run, pid, new NodeId(node), null, "attempt", "Attempt 1"));
        for (String t : texts) l.on(new LoopEvent.TokenDelta(run, pid, new NodeId(node), t));
    }

    @Test
    void theProblemShowsAtOnceTheRunStartsInTheBackgroundAndTokensArriveOneBatchPerFrame() {
        PresentationViewModel vm = new PresentationViewModel(new TraceCard("Live", "", "", List.of()), runner(), tasks, flushes::add);
        int[] redraws = {0};
        vm.changes().addListener((o, a, b) -> redraws[0]++);
        vm.startLive("  What is 2+2? ");
        assertThat(vm.reveal().card().problem()).isEqualTo("What is 2+2?");
        assertThat(listeners).as("nothing started on the UI thread").isEmpty();
        assertThat(redraws[0]).isEqualTo(1);

        background.poll().run();
        tokens(listeners.getFirst(), "a1", "First ", "$2+2", "=4$.");
        assertThat(flushes).as("one flush asked for, however many events").hasSize(1);
        assertThat(vm.reveal().card().blocks()).isEmpty();
        flushes.poll().run();
        assertThat(redraws[0]).as("one redraw for the batch").isEqualTo(2);
        assertThat(vm.reveal().card().blocks()).singleElement()
                .satisfies(b -> assertThat(b.text()).isEqualTo("First $2+2=4$."));
    }

    @Test
    void aNewProblemOrClosingCancelsTheRunAndDropsItsLateEvents() {
        PresentationViewModel vm = new PresentationViewModel(new TraceCard("Live", "", "", List.of()), runner(), tasks, flushes::add);
        vm.startLive("first");
        background.poll().run();
        vm.startLive("second");
        assertThat(cancelled).containsExactly("run 1");
        background.poll().run();
        tokens(listeners.get(0), "old", "stale text");
        tokens(listeners.get(1), "new", "fresh text");
        while (!flushes.isEmpty()) flushes.poll().run();
        assertThat(vm.reveal().card().problem()).isEqualTo("second");
        assertThat(vm.reveal().card().blocks()).extracting(TraceCard.Block::text).containsExactly("fresh text");

        vm.dispose();
        assertThat(cancelled).containsExactly("run 1", "run 2");
        tokens(listeners.get(1), "later", "after close");
        while (!flushes.isEmpty()) flushes.poll().run();
        assertThat(vm.reveal().card().blocks()).extracting(TraceCard.Block::text).containsExactly("fresh text");
    }

    @Test
    void aRunThatCannotStartEndsTheCardWithItsReason() {
        LiveRunner failing = (text, listener) -> { throw new ServiceException("no model loaded"); };
        PresentationViewModel vm = new PresentationViewModel(new TraceCard("Live", "", "", List.of()), failing, tasks, flushes::add);
        vm.startLive("What is 1+1?");
        background.poll().run();
        assertThat(vm.liveState()).isEqualTo("failed: no model loaded");
        assertThat(vm.reveal().card().subtitle()).isEqualTo("failed: no model loaded");
    }

    @Test
    void withoutALiveRunnerTypingStartsNothing() {
        PresentationViewModel vm = new PresentationViewModel(new TraceCard("T", "", "p", List.of()), null, tasks, flushes::add);
        assertThat(vm.canRunLive()).isFalse();
        vm.startLive("anything");
        assertThat(background).isEmpty();
        assertThat(vm.reveal().card().title()).isEqualTo("T");
    }
}
