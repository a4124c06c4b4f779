package org.errata.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import org.errata.app.gui.live.RunState;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.correction.trace.Problem;
import org.errata.correction.metrics.TraceSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Headless: choosing a problem shows it, its gold answer and its traces across runs; "run this problem" runs it alone. */
class ProblemDetailTest {
    private final FxRobot robot = new FxRobot();
    private final Preferences prefs = Preferences.userRoot().node("org/errata/test/" + UUID.randomUUID());

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        prefs.removeNode();
    }

    @Test
    void aChosenProblemShowsItsGoldAndItsTracesAndRunsAlone() throws Exception {
        WorkbenchApp app = SampleWorkbench.open(prefs);
        robot.interact(() -> app.view().library().getSelectionModel().select(1)); // the Problems tab
        Problem third = SampleLibrary.problems().get(2);
        @SuppressWarnings("unchecked")
        ListView<Problem> problems = (ListView<Problem>) robot.lookup("#problem-list").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> problems.getItems().size() == SampleLibrary.problems().size());
        robot.interact(() -> problems.getSelectionModel().select(third));
        @SuppressWarnings("unchecked")
        ListView<TraceSummary> traces = (ListView<TraceSummary>) robot.lookup("#problem-detail-traces").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> traces.getItems().size() == 1);

        assertThat(robot.lookup("#problem-detail-gold").queryAs(Label.class).getText()).isEqualTo("Gold answer: " + third.goldAnswer());
        assertThat(traces.getItems().get(0).run()).isEqualTo(SampleLibrary.RUN);
        assertThat(traces.getItems().get(0).problem()).isEqualTo(third.id());

        robot.interact(() -> app.viewModel().library().problemDetail().runThis());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.viewModel().live().stateProperty().get() != RunState.IDLE);
        assertThat(app.viewModel().launcher().offsetProperty().get()).isEqualTo(2);
        assertThat(app.viewModel().launcher().limitProperty().get()).isEqualTo(1);
        assertThat(app.viewModel().launcher().datasetProperty().get()).isEqualTo(SampleLibrary.DATASET);
        FxToolkit.cleanupApplication(app);
    }
}
