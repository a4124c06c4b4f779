package org.errata.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
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
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The workbench as `errata` opens it, on a temporary SQLite database: the sample is seeded, a
 * demo run is started from the launcher, its tree grows live and the run lands in the store.
 */
class WorkbenchOnDatabaseTest {
    @TempDir
    Path dir;
    private final FxRobot robot = new FxRobot();
    private final Preferences prefs = Preferences.userRoot().node("org/errata/test/" + UUID.randomUUID());
    private WorkbenchServices services;
    private WorkbenchApp app;

    @BeforeEach
    void open() throws Exception {
        FxToolkit.registerPrimaryStage();
        services = WorkbenchServices.open(dir.resolve("errata.db"));
        app = (WorkbenchApp) FxToolkit.setupApplication(() -> new WorkbenchApp(
                new WorkbenchApp.Config(services.library(), services.runs(), prefs, null, false)));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> app.viewModel().selectedProperty().get() != null);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        services.close();
        prefs.removeNode();
    }

    @Test
    void aDemoRunFromTheLauncherShowsVerdictBadgesAndAnErrorLocationAndIsStored() throws Exception {
        MainView view = app.view();
        robot.interact(() -> {
            view.library().getSelectionModel().select(2);
            app.viewModel().launcher().limitProperty().unbind();
            app.viewModel().launcher().limitProperty().set(4);
        });
        // Selecting the hand-written sample run leaves the launcher on the demo model's held-out problems.
        assertThat(app.viewModel().launcher().datasetProperty().get()).isEqualTo("demo-heldout");
        robot.clickOn("#start-run");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> app.viewModel().live().stateProperty().get() == RunState.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> expandAll(view.tree().getRoot()));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> badges = view.tree().lookupAll(".badge").stream().map(n -> ((Label) n).getText()).toList();
        assertThat(badges).contains(Badge.VERDICT_INCORRECT.text(), Badge.VERDICT_CORRECT.text(), Badge.FIRST_ERROR.text());
        assertThat(view.tree().lookupAll(".node-title").stream().map(n -> ((Label) n).getText()))
                .anyMatch(t -> t.startsWith("Error location: step"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> services.library().runs().size() == 2);
        var run = services.library().runs().stream().filter(r -> !r.id().equals(SampleLibrary.RUN)).findFirst().orElseThrow();
        assertThat(services.library().traces(run.id(), org.errata.app.services.TraceFilter.ALL, 0, 10).total()).isEqualTo(4);
    }

    private static void expandAll(TreeItem<TraceNodeItem> item) {
        item.setExpanded(true);
        for (TreeItem<TraceNodeItem> c : item.getChildren()) expandAll(c);
    }
}
