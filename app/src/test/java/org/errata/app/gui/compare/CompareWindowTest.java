package org.errata.app.gui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javax.imageio.ImageIO;
import org.errata.app.gui.MainView;
import org.errata.app.gui.WorkbenchApp;
import org.errata.app.gui.tree.Badge;
import org.errata.app.services.WorkbenchServices;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Trace;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The compare window on a SQLite database holding two runs of the sample problems: Ctrl+Shift+C
 * opens it on the selected run (the rerun) against the one before it, "fixed by B" lists the one
 * problem the older run got right, and selecting it shows both trees. With
 * {@code -Derrata.screenshots=DIR} it also writes DIR/compare.png.
 */
class CompareWindowTest {
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
        TraceStore store = new TraceStore(services.database());
        store.saveRun(CompareFixtures.rerun());
        for (Trace t : CompareFixtures.rerunTraces()) store.saveTrace(t);
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
    void fixedByBListsWhatTheEarlierRunGotRightAndBothTreesShow() throws Exception {
        MainView main = app.view();
        var lib = app.viewModel().library();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> lib.runs().size() == 2);
        robot.interact(() -> lib.selectedRunProperty().set(
                lib.runs().stream().filter(r -> r.id().equals(CompareFixtures.RERUN)).findFirst().orElseThrow()));
        robot.clickOn("#trace-tree");
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.C).release(KeyCode.C, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> main.compareWindow() != null && main.compareWindow().showing());
        CompareViewModel vm = app.viewModel().compare();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.allRows().size() == 3);
        assertThat(vm.runAProperty().get().id()).isEqualTo(CompareFixtures.RERUN);
        assertThat(vm.runBProperty().get().id()).isEqualTo(SampleLibrary.RUN);

        CompareView view = main.compareWindow().view();
        robot.interact(() -> view.filterButton(CompareFilter.FIXED_BY_B).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.filterButton(CompareFilter.FIXED_BY_B).getText()).isEqualTo("Fixed by B  1");
        assertThat(view.table().getItems()).extracting(CompareRow::problem).containsExactly(new ProblemId("sample/clips"));

        robot.interact(() -> view.table().getSelectionModel().select(0));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> view.treeA().getRoot() != null && view.treeB().getRoot() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.treeA().isVisible()).isTrue();
        assertThat(view.treeB().isVisible()).isTrue();
        assertThat(view.treeA().getRoot().getValue().title()).isNotBlank();
        // Each tree opens at its first error, selected.
        assertThat(view.treeA().getSelectionModel().getSelectedItem().getValue().badges()).contains(Badge.FIRST_ERROR);
        assertThat(view.treeB().getSelectionModel().getSelectedItem().getValue().badges()).contains(Badge.FIRST_ERROR);
        List<String> badges = org.errata.app.gui.tree.VisiblePills.texts(view.treeB());
        assertThat(badges).contains(Badge.FIRST_ERROR.text());

        // Steps aligned: A's wrong attempt beside B's, the first error marked on both sides, opened there.
        robot.interact(() -> view.tabs().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        StepComparison steps = vm.stepsProperty().get();
        assertThat(steps).isNotNull();
        assertThat(steps.errorA()).isEqualTo(new StepComparison.FirstError(1, "located by the run"));
        assertThat(steps.rows().get(steps.anchor()).aligned().before()).isEqualTo("In May she sold 48 / 2 = 14.");
        assertThat(view.stepGrid().lookupAll(".step-first-error")).as("number and text cell of each marked side").hasSizeGreaterThanOrEqualTo(2);
        assertThat(view.stepGrid().getChildren().stream().filter(n -> n instanceof Label l && l.getText().equals("In May she sold 48 / 2 = 14.")))
                .singleElement().satisfies(n -> assertThat(n.getStyleClass()).contains("step-first-error"));

        String shots = System.getProperty("errata.screenshots");
        if (shots != null) {
            WritableImage[] img = new WritableImage[1];
            WaitForAsyncUtils.asyncFx(() -> img[0] = view.getScene().snapshot(null)).get();
            Files.createDirectories(Path.of(shots));
            ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", Path.of(shots, "compare-steps.png").toFile());
            robot.interact(() -> view.tabs().getSelectionModel().select(0));
            WaitForAsyncUtils.waitForFxEvents();
            WaitForAsyncUtils.asyncFx(() -> img[0] = view.getScene().snapshot(null)).get();
            ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", Path.of(shots, "compare.png").toFile());
        }
    }
}
