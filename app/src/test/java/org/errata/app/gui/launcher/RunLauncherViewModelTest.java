package org.errata.app.gui.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.errata.app.gui.live.LiveRunModel;
import org.errata.app.gui.live.RunState;
import org.errata.app.gui.task.CurrentThreadTaskExecutor;
import org.errata.app.gui.task.ManualFrames;
import org.errata.app.gui.tree.Fixtures;
import org.errata.app.services.ModelSource;
import org.errata.app.services.RunHandle;
import org.errata.app.services.RunRequest;
import org.errata.app.services.RunService;
import org.errata.app.services.ServiceException;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopEvent.RunOutcome;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.junit.jupiter.api.Test;

class RunLauncherViewModelTest {
    private final ManualFrames frames = new ManualFrames();
    private final AtomicLong now = new AtomicLong();
    private final LiveRunModel live = new LiveRunModel(frames, now::get, id -> null);

    /** Emits one trace's events on start; never finishes by itself unless told to. */
    private static final class FakeRuns implements RunService {
        final List<RunRequest> requests = new ArrayList<>();
        boolean cancelled;
        boolean finish = true;
        boolean fail;

        @Override public List<String> strategies() { return List.of("self-refine", "reflexion"); }
        @Override public boolean usesGold(String s) { return s.equals("reflexion"); }

        @Override
        public RunHandle start(RunRequest r, LoopListener l) throws ServiceException {
            if (fail) throw new ServiceException("no such model folder");
            requests.add(r);
            Trace t = Fixtures.corrected();
            l.on(new LoopEvent.TraceStarted(t.run(), t.problem()));
            for (TraceNode n : t.nodes()) l.on(new LoopEvent.NodeAdded(t.run(), t.problem(), n));
            l.on(new LoopEvent.TraceFinished(t.run(), t.problem(), t.status(), t.finalAnswer(), t.correct()));
            if (finish) l.on(new LoopEvent.RunEnded(t.run(), RunOutcome.FINISHED, null));
            return new RunHandle() {
                @Override public RunId run() { return t.run(); }
                @Override public int problems() { return 2; }
                @Override public void cancel() {
                    cancelled = true;
                    l.on(new LoopEvent.RunEnded(t.run(), RunOutcome.CANCELLED, null));
                }
                @Override public CompletionStage<RunOutcome> outcome() { return new CompletableFuture<>(); }
            };
        }
    }

    @Test
    void theFormBecomesAnImmutableRequest() {
        RunLauncherViewModel vm = new RunLauncherViewModel(new FakeRuns(), new CurrentThreadTaskExecutor(), live);
        vm.modelKindProperty().set(RunLauncherViewModel.ModelKind.FOLDER);
        vm.modelFolderProperty().set(" /models/qwen ");
        vm.datasetProperty().set("gsm8k");
        vm.limitProperty().set(25);
        vm.temperatureProperty().set(0.0);
        vm.maxTurnsProperty().set(4);
        RunRequest r = vm.request();
        assertThat(r.model()).isEqualTo(new ModelSource.LocalFolder(Path.of("/models/qwen")));
        assertThat(r.strategy()).isEqualTo("self-refine");
        assertThat(r.limit()).isEqualTo(25);
        assertThat(r.knobs()).containsEntry("max_turns", 4);
        assertThat(r.sampling().temperature()).isZero();
        vm.limitProperty().set(3);
        assertThat(r.limit()).as("a request does not follow the form").isEqualTo(25);
    }

    @Test
    void startShowsProgressAndFinishes() {
        FakeRuns runs = new FakeRuns();
        RunLauncherViewModel vm = new RunLauncherViewModel(runs, new CurrentThreadTaskExecutor(), live);
        assertThat(vm.datasetProperty().get()).as("new runs default to the demo model's held-out set")
                .isEqualTo(org.errata.assets.Assets.DEMO_HELDOUT_DATASET);
        vm.datasetProperty().set("");
        assertThat(vm.canStart().get()).as("no dataset").isFalse();
        vm.datasetProperty().set("t");
        assertThat(vm.canStart().get()).isTrue();
        vm.start();
        assertThat(live.stateProperty().get()).isEqualTo(RunState.RUNNING);
        assertThat(live.totalProperty().get()).isEqualTo(2);
        now.set(2_000_000_000L);
        frames.frame();
        assertThat(live.stateProperty().get()).isEqualTo(RunState.FINISHED);
        assertThat(vm.progressProperty().get()).startsWith("finished  1/2  acc 100.0%");
        assertThat(live.currentProperty().get()).isNotNull();
        assertThat(vm.canStart().get()).isTrue();
    }

    @Test
    void stopThenResumeTheSameRun() {
        FakeRuns runs = new FakeRuns();
        runs.finish = false;
        RunLauncherViewModel vm = new RunLauncherViewModel(runs, new CurrentThreadTaskExecutor(), live);
        vm.datasetProperty().set("t");
        vm.start();
        frames.frame();
        live.runProperty().set(Fixtures.RUN);
        assertThat(vm.canStop().get()).isTrue();
        vm.stop();
        assertThat(runs.cancelled).isTrue();
        assertThat(live.stateProperty().get()).isEqualTo(RunState.STOPPING);
        frames.frame();
        assertThat(live.stateProperty().get()).isEqualTo(RunState.STOPPED);
        assertThat(vm.canResume().get()).isTrue();
        vm.resume();
        assertThat(runs.requests).hasSize(2);
        assertThat(runs.requests.get(1).resume()).isEqualTo(Fixtures.RUN);
        assertThat(runs.requests.get(0).resume()).isNull();
    }

    @Test
    void aRunThatCannotStartSaysWhy() {
        FakeRuns runs = new FakeRuns();
        runs.fail = true;
        RunLauncherViewModel vm = new RunLauncherViewModel(runs, new CurrentThreadTaskExecutor(), live);
        vm.datasetProperty().set("t");
        vm.start();
        assertThat(live.stateProperty().get()).isEqualTo(RunState.FAILED);
        assertThat(live.messageProperty().get()).isEqualTo("Could not start the run: no such model folder");
    }
}
