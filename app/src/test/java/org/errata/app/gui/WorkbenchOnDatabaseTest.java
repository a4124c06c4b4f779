package org.errata.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.ErrorLocation;
import org.errata.assets.Assets;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import org.errata.app.gui.live.RunState;
import org.errata.app.gui.tree.Badge;
import org.errata.app.gui.tree.TraceNodeItem;
import org.errata.app.services.WorkbenchServices;
import org.errata.app.services.sample.SampleLibrary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench as `errata` opens it, on a temporary SQLite database: the sample is seeded, a
 * demo run is started from the launcher, its tree grows live and the run lands in the store.
 */
class WorkbenchOnDatabaseTest {
    private static final int PROBLEMS = 40;

    @TempDir
    Path dir;
    private final FxRobot robot = new FxRobot();
    private WorkbenchWindow window;
    private WorkbenchServices services;
    private WorkbenchApp app;

    @BeforeEach
    void open() throws Exception {
        window = WorkbenchWindow.open(dir);
        services = window.services();
        app = window.app();
    }

    @AfterEach
    void close() throws Exception {
        window.close();
    }

    @Test
    void aDemoRunFromTheLauncherShowsVerdictBadgesAndAnErrorLocationAndIsStored() throws Exception {
        MainView view = app.view();
        robot.interact(() -> {
            view.library().getSelectionModel().select(2); // the Run tab
            app.viewModel().launcher().limitProperty().unbind();
            app.viewModel().launcher().limitProperty().set(PROBLEMS);
        });
        assertThat(app.viewModel().launcher().datasetProperty().get()).isEqualTo(Assets.DEMO_HELDOUT_DATASET);
        robot.clickOn("#start-run");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> app.viewModel().live().stateProperty().get() != RunState.IDLE);
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS,
                () -> !app.viewModel().live().stateProperty().get().active());
        assertThat(app.viewModel().live().stateProperty().get())
                .as("run ended; notification: " + app.viewModel().notificationProperty().get())
                .isEqualTo(RunState.FINISHED);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> services.library().runs().size() == 2);
        var run = services.library().runs().stream().filter(r -> !r.id().equals(SampleLibrary.RUN)).findFirst().orElseThrow();
        assertThat(run.dataset()).isEqualTo(Assets.DEMO_HELDOUT_DATASET);
        assertThat(run.models()).singleElement().satisfies(m -> assertThat(m.backend()).isEqualTo("djl"));
        var summaries = services.library().traces(run.id(), org.errata.correction.metrics.TraceFilter.ALL, 0, 10);
        assertThat(summaries.total()).isEqualTo(PROBLEMS);

        // Open a stored trace whose self-verification rejected an attempt: the tree must show the
        // verdict badges and the located first error, as the model wrote them.
        org.errata.correction.trace.Trace rejected = null;
        for (var t : services.library().runTraces(run.id())) {
            if (t.nodes(Verification.class).anyMatch(v -> v.verdict() == Verdict.INCORRECT)
                    && t.nodes(ErrorLocation.class).findAny().isPresent()) {
                rejected = t;
                break;
            }
        }
        assertThat(rejected).as("some demo trace was rejected by its own verifier").isNotNull();
        var open = org.errata.correction.metrics.TraceSummary.of(rejected, "");
        robot.interact(() -> app.viewModel().open(open));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> ("Opened " + open.problem()).equals(app.viewModel().statusProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> expandAll(view.tree().getRoot()));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> badges = org.errata.app.gui.tree.VisiblePills.texts(view.tree());
        assertThat(badges).contains(Badge.VERDICT_INCORRECT.text(), Badge.FIRST_ERROR.text());
        assertThat(view.tree().lookupAll(".node-title").stream().map(n -> ((Label) n).getText()))
                .anyMatch(t -> t.startsWith("Error location: step"));
    }

    @Test
    void aRunStartedFromTheLauncherOpensAtOnceUnderAReadableNameAndCanBeRenamed() throws Exception {
        MainView view = app.view();
        robot.interact(() -> {
            view.library().getSelectionModel().select(2); // the Run tab
            app.viewModel().launcher().limitProperty().unbind();
            app.viewModel().launcher().limitProperty().set(1);
        });
        robot.clickOn("#start-run");
        // opened in the library as it starts: the picker shows it, not the sample that was selected
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            var r = app.viewModel().library().selectedRunProperty().get();
            return r != null && !r.id().equals(SampleLibrary.RUN);
        });
        var started = app.viewModel().library().selectedRunProperty().get();
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<org.errata.correction.trace.Run> picker =
                (javafx.scene.control.ComboBox<org.errata.correction.trace.Run>) robot.lookup("#run-choice")
                        .queryAs(javafx.scene.control.ComboBox.class);
        assertThat(shownIn(picker)).contains(started.name());
        assertThat(started.name())
                .matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \u00b7 .+")
                .contains(" \u00b7 " + started.strategy() + " \u00b7 ", " \u00b7 demo \u00b7 ", Assets.DEMO_HELDOUT_DATASET);
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !app.viewModel().live().stateProperty().get().active());

        robot.interact(() -> view.library().getSelectionModel().select(0)); // back to the Traces tab
        robot.clickOn("#rename-run");
        robot.interact(() -> robot.lookup("#rename-run-name").queryAs(javafx.scene.control.TextField.class).setText("first demo try"));
        robot.type(javafx.scene.input.KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> "first demo try".equals(app.viewModel().library().selectedRunProperty().get().name()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(shownIn(picker)).contains("first demo try");
        assertThat(services.library().runs()).filteredOn(r -> r.id().equals(started.id()))
                .singleElement().extracting(org.errata.correction.trace.Run::name).isEqualTo("first demo try");
    }

    /** The texts of the picker's cells (its button shows the chosen run). */
    private static List<String> shownIn(javafx.scene.control.ComboBox<?> picker) {
        return picker.lookupAll(".list-cell").stream().map(n -> ((javafx.scene.control.ListCell<?>) n).getText())
                .filter(java.util.Objects::nonNull).toList();
    }

    private static void expandAll(TreeItem<TraceNodeItem> item) {
        item.setExpanded(true);
        for (TreeItem<TraceNodeItem> c : item.getChildren()) expandAll(c);
    }
}
