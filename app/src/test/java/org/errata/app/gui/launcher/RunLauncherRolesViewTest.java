package org.errata.app.gui.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.collections.FXCollections;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import org.errata.app.gui.live.LiveRunModel;
import org.errata.app.gui.live.RunState;
import org.errata.app.gui.task.FxFrameScheduler;
import org.errata.app.gui.task.FxTaskExecutor;
import org.errata.app.services.ModelSpecs;
import org.errata.app.services.WorkbenchServices;
import org.errata.assets.Assets;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.djl.RandomModelWriter;
import org.errata.runtime.safetensors.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The launcher window, driven as a user would: SuperCorrect is chosen, the teacher gets a model
 * folder of its own, the inspector stays on the main model (the "bundled demo model", here a
 * second tiny random model so the test stays fast; both run on the real runtime), and the run
 * started from the window lands in the SQLite file recording those roles.
 */
class RunLauncherRolesViewTest {

    @TempDir
    Path dir;
    private final FxRobot robot = new FxRobot();
    private WorkbenchServices services;
    private FxTaskExecutor tasks;

    @BeforeEach
    void open() throws Exception {
        Path main = dir.resolve("tiny-main");
        RandomModelWriter.write(main, LlamaConfig.llama(64, 128, 2, 4, 2, RandomModelWriter.vocabularySize(), 1024, false),
                3, 0.2, DType.F32);
        System.setProperty(ModelSpecs.DEMO_PROPERTY, main.toString());
        FxToolkit.registerPrimaryStage();
        services = WorkbenchServices.open(dir.resolve("errata.db"));
        tasks = new FxTaskExecutor(1);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        tasks.close();
        services.close();
        System.clearProperty(ModelSpecs.DEMO_PROPERTY);
    }

    @Test
    void aTeacherFolderChosenInTheWindowIsTheRunsTeacherAndTheInspectorIsTheMainModel() throws Exception {
        Path teacherFolder = dir.resolve("tiny-teacher");
        RandomModelWriter.write(teacherFolder, LlamaConfig.llama(64, 128, 2, 4, 2, RandomModelWriter.vocabularySize(),
                1024, false), 7, 0.2, DType.F32);
        AtomicReference<RunLauncherViewModel> ref = new AtomicReference<>();
        FxToolkit.setupStage(stage -> {
            LiveRunModel live = new LiveRunModel(new FxFrameScheduler(16), System::nanoTime, id -> null);
            RunLauncherViewModel vm = new RunLauncherViewModel(services.runs(), tasks, live);
            ref.set(vm);
            stage.setScene(new Scene(new RunLauncherView(vm, FXCollections.observableArrayList(Assets.DEMO_HELDOUT_DATASET)),
                    760, 700));
            stage.show();
        });
        RunLauncherViewModel vm = ref.get();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#role-kind-teacher").tryQuery()).as("no roles before SuperCorrect is chosen").isEmpty();

        robot.clickOn("#launch-strategy").clickOn("supercorrect");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.strategyProperty().get()).isEqualTo("supercorrect");
        robot.clickOn("#role-kind-teacher").clickOn(RoleModelChoice.Kind.FOLDER.toString());
        TextField folder = robot.lookup("#role-folder-teacher").queryAs(TextField.class);
        assertThat(folder.isVisible()).as("the folder field shows once a folder is chosen").isTrue();
        assertThat(robot.lookup("#role-folder-inspector").queryAs(TextField.class).isVisible()).isFalse();
        robot.clickOn(folder);
        robot.interact(() -> folder.setText(teacherFolder.toString()));   // typing a long temp path key by key is slow
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.roleModels().get(1).kindProperty().get()).isEqualTo(RoleModelChoice.Kind.MAIN);
        robot.interact(() -> {
            vm.limitProperty().set(1);
            vm.knob("budgets.tokens_per_call").textProperty().set("16");
            vm.knob("inspector_rounds").textProperty().set("1");
            vm.knob("student_correction").textProperty().set("false");
            vm.knob("reattempt").textProperty().set("false");
        });

        robot.clickOn("#start-run");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> vm.live().stateProperty().get() != RunState.IDLE);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !vm.live().stateProperty().get().active());
        assertThat(vm.live().stateProperty().get()).as(vm.live().messageProperty().get()).isEqualTo(RunState.FINISHED);

        Run run = services.library().runs().stream().filter(r -> r.strategy().equals("supercorrect")).findFirst().orElseThrow();
        assertThat(run.models()).extracting(ModelRef::role).containsExactly("student", "teacher");
        ModelRef teacher = run.models().get(1);
        assertThat(teacher.location()).isEqualTo(teacherFolder.toString());
        assertThat(teacher.backend()).isEqualTo("djl");
        assertThat(run.models().get(0).id()).isNotEqualTo(teacher.id());
        assertThat(run.parameters()).containsEntry("inspector_rounds", 1);

        List<Trace> traces = services.library().runTraces(run.id());
        assertThat(traces).hasSize(1);
        Trace t = traces.get(0);
        Attempt first = t.attempts().get(0);
        if (!Boolean.TRUE.equals(first.correct())) {
            // the student was wrong: the teacher's check was made by the teacher's own model
            Verification check = t.nodes(Verification.class).filter(v -> v.role() == VerifierRole.TEACHER).findFirst()
                    .orElseThrow();
            assertThat(check.model()).isEqualTo(teacher.id());
        }
    }
}
