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
    private static class FakeRuns implements RunService {
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
        vm.knob("sampling.temperature").textProperty().set("0.7");
        vm.knob("max_turns").textProperty().set("3");
        vm.knob("budgets.tokens_per_call").textProperty().set("1024");
        RunRequest r = vm.request();
        assertThat(r.model()).isEqualTo(new ModelSource.LocalFolder(Path.of("/models/qwen")));
        assertThat(r.strategy()).isEqualTo("self-refine");
        assertThat(r.limit()).isEqualTo(25);
        assertThat(r.knobs()).as("only what the user changed").containsExactly(
                java.util.Map.entry("max_turns", 3), java.util.Map.entry("sampling.temperature", 0.7));
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

    @Test
    void theFormIsGeneratedFromTheRecipesKnobDescriptions() {
        RunLauncherViewModel vm = new RunLauncherViewModel(new FakeRuns(), new CurrentThreadTaskExecutor(), live);
        assertThat(vm.strategyProperty().get()).isEqualTo("self-refine");
        KnobField turns = vm.knob("max_turns");
        assertThat(turns).isNotNull();
        assertThat(turns.textProperty().get()).as("self-refine's own default").isEqualTo("4");
        assertThat(turns.knob().help()).contains("feedback");
        assertThat(turns.knob().range()).isEqualTo("int, 1..64");
        assertThat(vm.knob("samples")).as("self-refine has no samples knob").isNull();
        assertThat(vm.knob("prompts.self-refine.feedback")).isNotNull();
        assertThat(vm.request().knobs()).as("nothing set, nothing sent").isEmpty();

        vm.strategyProperty().set("reflexion");
        assertThat(vm.knob("max_turns").textProperty().get()).isEqualTo("4");
        vm.knob("max_turns").textProperty().set("many");
        assertThat(vm.knob("max_turns").errorProperty().get()).contains("whole number");
        vm.datasetProperty().set("t");
        vm.start();
        assertThat(live.stateProperty().get()).isEqualTo(RunState.FAILED);
        assertThat(live.messageProperty().get()).startsWith("Check the launcher form: max_turns: ");
    }

    @Test
    void thePreviewRendersTheChosenTemplateForAProblemAndFollowsTheForm() {
        RunLauncherViewModel vm = new RunLauncherViewModel(new FakeRuns(), new CurrentThreadTaskExecutor(), live);
        vm.previewProblemProperty().set("What is 2 + 2?");
        vm.previewTemplateProperty().set("solve.user");
        assertThat(vm.previewProperty().get()).contains("What is 2 + 2?").doesNotContain("{{problem}}");
        vm.knob("prompts.solve.user").textProperty().set("PROBLEM >> {{problem}} <<");
        assertThat(vm.previewProperty().get()).isEqualTo("PROBLEM >> What is 2 + 2? <<");
        assertThat(vm.request().knobs()).containsOnlyKeys("prompts.solve.user");
    }

    @Test
    void noWarningForAnyStrategyWithTheDemoModelAndOneWhenAModelDoesNotSpeakTheFormat() {
        RunLauncherViewModel vm = new RunLauncherViewModel(new FakeRuns(), new CurrentThreadTaskExecutor(), live);
        vm.strategies().setAll(org.errata.correction.recipe.Recipes.builtinIds());
        for (String id : org.errata.correction.recipe.Recipes.builtinIds()) {
            vm.strategyProperty().set(id);
            assertThat(vm.formatWarningProperty().get()).as(id).isEmpty();
        }
        vm.strategyProperty().set("spoc");
        vm.modelKindProperty().set(RunLauncherViewModel.ModelKind.FOLDER);
        vm.knob("profile.speaks").textProperty().set("chat");
        assertThat(vm.formatWarningProperty().get()).contains("writes chat; spoc asks for spoc");
    }

    @Test
    void aSavedRecipeLoadsBackIntoTheForm(@org.junit.jupiter.api.io.TempDir Path dir) {
        RunLauncherViewModel vm = new RunLauncherViewModel(new FakeRuns(), new CurrentThreadTaskExecutor(), live);
        vm.strategyProperty().set("reflexion");
        vm.knob("max_turns").textProperty().set("5");
        Path file = dir.resolve("mine.yaml");
        vm.save(file);
        assertThat(vm.formMessageProperty().get()).isEqualTo("Saved mine.yaml.");

        RunLauncherViewModel other = new RunLauncherViewModel(new FakeRuns(), new CurrentThreadTaskExecutor(), live);
        other.load(file);
        assertThat(other.strategyProperty().get()).isEqualTo("reflexion");
        assertThat(other.knob("max_turns").textProperty().get()).isEqualTo("5");
        RunRequest r = other.request();
        assertThat(r.recipe()).isNotNull();
        assertThat(r.recipe().params()).containsEntry("max_turns", 5);
        assertThat(r.knobs()).as("the file's values are the recipe, not knobs the user set").isEmpty();
    }

    @Test
    void superCorrectOffersATeacherAndAnInspectorModelAndTheRequestCarriesTheOnesGiven() {
        FakeRuns runs = new FakeRuns() {
            @Override public List<String> strategies() { return List.of("self-refine", "supercorrect", "critic"); }
        };
        RunLauncherViewModel vm = new RunLauncherViewModel(runs, new CurrentThreadTaskExecutor(), live);
        assertThat(vm.roleModels()).as("self-refine calls only the student").isEmpty();
        assertThat(vm.request().roleModels()).isEmpty();

        vm.strategyProperty().set("supercorrect");
        assertThat(vm.roleModels()).extracting(RoleModelChoice::label).containsExactly("Teacher", "Inspector");
        assertThat(vm.roleModels()).allMatch(c -> c.kindProperty().get() == RoleModelChoice.Kind.MAIN);
        assertThat(vm.request().roleModels()).as("default: the main model plays every role").isEmpty();

        RoleModelChoice teacher = vm.roleModels().get(0);
        teacher.kindProperty().set(RoleModelChoice.Kind.SERVER);
        teacher.serverUrlProperty().set("http://gpu-box:8000/v1");
        teacher.serverModelProperty().set("big-teacher");
        vm.roleModels().get(1).kindProperty().set(RoleModelChoice.Kind.FOLDER);
        vm.roleModels().get(1).folderProperty().set(" ");
        vm.start();
        assertThat(runs.requests).isEmpty();
        assertThat(live.messageProperty().get()).contains("inspector model: choose a folder");

        vm.roleModels().get(1).folderProperty().set("/models/checker");
        RunRequest r = vm.request();
        assertThat(r.roleModels()).containsExactly(
                java.util.Map.entry(org.errata.correction.engine.ModelRole.TEACHER,
                        new ModelSource.OpenAiServer(java.net.URI.create("http://gpu-box:8000/v1"), "big-teacher")),
                java.util.Map.entry(org.errata.correction.engine.ModelRole.INSPECTOR,
                        new ModelSource.LocalFolder(Path.of("/models/checker"))));

        vm.strategyProperty().set("critic");
        assertThat(vm.roleModels()).extracting(RoleModelChoice::label).containsExactly("Critic");
        assertThat(vm.request().roleModels()).isEmpty();
        vm.strategyProperty().set("supercorrect");
        assertThat(vm.roleModels().get(0).kindProperty().get()).as("kept across strategy changes")
                .isEqualTo(RoleModelChoice.Kind.SERVER);
    }
}
