package org.errata.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.errata.app.gui.inspector.InspectorDocument;
import org.errata.app.gui.live.RunState;
import org.errata.app.gui.tree.Badge;
import org.errata.app.gui.tree.TraceNodeItem;
import org.errata.app.services.sample.InMemoryLibrary;
import org.errata.app.services.sample.ReplayRunService;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Step;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Opens the whole workbench headless (Monocle) on an in-memory library and drives it like a user. */
class WorkbenchAppTest {
    private final FxRobot robot = new FxRobot();
    private final Preferences prefs = Preferences.userRoot().node("org/errata/test/" + UUID.randomUUID());
    private InMemoryLibrary library;
    private WorkbenchApp app;

    @BeforeEach
    void open() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        library = InMemoryLibrary.withSample();
        ReplayRunService runs = new ReplayRunService(library, SampleLibrary.RUN, 0, Clock.systemUTC());
        app = (WorkbenchApp) FxToolkit.setupApplication(() -> new WorkbenchApp(
                new WorkbenchApp.Config(library, new RecordingRunService(runs, library), prefs, null, false)));
        assertThat(stage.isShowing()).isTrue();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> app.viewModel().selectedProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        prefs.removeNode();
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(20, TimeUnit.SECONDS);
    }

    private TraceNodeItem selected() {
        return app.viewModel().selectedProperty().get();
    }

    @Test
    void theFirstTraceOpensCollapsedToItsFirstErrorWithBadgesAndTheWrongStepHighlighted() throws Exception {
        MainView view = app.view();
        TraceNodeItem sel = selected();
        assertThat(sel.node()).isInstanceOf(Step.class);
        assertThat(sel.badges()).contains(Badge.FIRST_ERROR);
        assertThat(((Step) sel.node()).index()).isEqualTo(2);
        TreeItem<TraceNodeItem> selectedTreeItem = view.tree().getSelectionModel().getSelectedItem();
        assertThat(selectedTreeItem.getValue()).isSameAs(sel);

        List<String> badges = org.errata.app.gui.tree.VisiblePills.texts(view.tree());
        assertThat(badges).contains(Badge.VERDICT_INCORRECT.text(), Badge.FIRST_ERROR.text(),
                Badge.ANSWER_WRONG.text(), Badge.ANSWER_RIGHT.text());
        // every row is one line: the tree knows the tallest row's height, and no row's content is clipped
        double rowHeight = onFx(() -> view.tree().getFixedCellSize());
        assertThat(rowHeight).isPositive();
        List<double[]> rows = onFx(() -> view.tree().lookupAll(".tree-cell").stream()
                .filter(n -> n instanceof javafx.scene.control.TreeCell<?> c && !c.isEmpty() && c.getGraphic() != null)
                .map(n -> new double[] {((javafx.scene.control.TreeCell<?>) n).getHeight(),
                        ((javafx.scene.control.TreeCell<?>) n).getGraphic().prefHeight(-1)})
                .toList());
        assertThat(rows).hasSizeGreaterThan(3).allSatisfy(r -> {
            assertThat(r[0]).isEqualTo(rowHeight, org.assertj.core.data.Offset.offset(0.5));
            assertThat(r[1]).isLessThanOrEqualTo(rowHeight);
        });

        // the raw area and the rendered text are filled when read (the raw one is out of view)
        assertThat(onFx(() -> view.inspector().rawAreaHasStyle("wrong-step"))).isTrue();
        assertThat(onFx(() -> view.inspector().rendered().lookupAll(".wrong-step"))).hasSize(1);
        assertThat(onFx(() -> view.inspector().rendered().lookupAll(".correction"))).hasSize(1);
        // formulas are drawn off the FX thread and take their source's place when ready
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> onFx(() -> !view.inspector().rendered().lookupAll(".math").isEmpty()
                && view.inspector().rendered().lookupAll(".latex-pending").isEmpty()));
        assertThat(view.inspector().viewModel().document().logprobs()).isNotEmpty();
        // The sample's checkers agree on every answer: no disagreement line.
        assertThat(view.inspector().lookup("#checker-verdicts").isVisible()).isFalse();
    }

    @Test
    void theInspectorShowsTheCheckersVerdictsOfAnAttemptWhereTheyDisagree() {
        MainView view = app.view();
        Map<String, @Nullable Boolean> verdicts = new LinkedHashMap<>();
        verdicts.put("string", false);
        verdicts.put("numeric", true);
        verdicts.put("symbolic", false);
        verdicts.put("cas", null);
        Attempt disputed = attempt(verdicts);
        Attempt agreed = attempt(Map.of());
        Label line = (Label) view.inspector().lookup("#checker-verdicts");

        robot.interact(() -> view.inspector().viewModel().documentProperty()
                .set(InspectorDocument.of(disputed, List.of(disputed), null)));
        assertThat(line.isVisible()).isTrue();
        assertThat(line.getText()).isEqualTo("Checkers disagree: string \u2717 \u00B7 numeric \u2713 \u00B7 symbolic \u2717 \u00B7 cas \u2014");

        robot.interact(() -> view.inspector().viewModel().documentProperty()
                .set(InspectorDocument.of(agreed, List.of(agreed), null)));
        assertThat(line.isVisible()).isFalse();
        assertThat(line.getText()).isEmpty();
    }

    private static Attempt attempt(Map<String, @Nullable Boolean> verdicts) {
        return new Attempt(NodeId.random(), null, 0, 1, AttemptRole.PROPOSER, "m", "prompt", "So \\boxed{0.33333}.",
                "0.33333", "boxed", true, verdicts, CallStats.NONE, NodeStatus.OK, null, List.of());
    }

    @Test
    void keyboardMovesTheSelectionInTheTreeAndBetweenTraces() throws Exception {
        MainView view = app.view();
        robot.interact(() -> view.tree().requestFocus());
        TraceNodeItem before = selected();
        robot.type(KeyCode.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        TraceNodeItem after = selected();
        assertThat(after).isNotSameAs(before);
        assertThat(after.title()).isEqualTo("Step 4");
        assertThat(app.viewModel().inspector().document().title()).isEqualTo("Step 4 of attempt 1");

        robot.type(KeyCode.J);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> app.viewModel().treeProperty().get() != null
                        && app.viewModel().treeProperty().get().problem().value().equals("sample/sqrt"));
        assertThat(view.library().traceList().getSelectionModel().getSelectedIndex()).isEqualTo(1);
    }

    @Test
    void theShortcutSheetOpensOnF1AndClosesOnEscape() {
        MainView view = app.view();
        robot.interact(() -> view.tree().requestFocus());
        robot.type(KeyCode.F1);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.sheetVisible()).isTrue();
        assertThat(view.sheet().lookupAll(".kbd")).hasSize(Shortcuts.ALL.size());
        robot.type(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.sheetVisible()).isFalse();
    }

    @Test
    void theThemeToggles() {
        String light = Application.getUserAgentStylesheet();
        robot.interact(() -> app.view().tree().requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.T).release(KeyCode.T, KeyCode.SHIFT, KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(app.viewModel().darkProperty().get()).isTrue();
        assertThat(Application.getUserAgentStylesheet()).isNotEqualTo(light).containsIgnoringCase("dark");
    }

    @Test
    void theLauncherStreamsARunAndTheTreeGrowsLive() throws Exception {
        // The services here replay the sample's recorded traces (the real engine is covered by
        // WorkbenchOnDatabaseTest); this test is about the live tree and frame batching.
        MainView view = app.view();
        robot.interact(() -> {
            view.library().getSelectionModel().select(2);
            app.viewModel().launcher().datasetProperty().set(SampleLibrary.DATASET);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#start-run");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> app.viewModel().live().stateProperty().get() == RunState.FINISHED);
        WaitForAsyncUtils.waitForFxEvents();
        var live = app.viewModel().live();
        assertThat(live.doneProperty().get()).isEqualTo(SampleLibrary.problems().size());
        assertThat(live.batchesProperty().get()).as("batched per frame, not per token")
                .isLessThan((int) live.tokensProperty().get());
        assertThat(app.viewModel().followLiveProperty().get()).isTrue();
        // The tree follows the run: the last problem it decoded, with its verdicts and its error location.
        var tree = app.viewModel().treeProperty().get();
        assertThat(tree).isSameAs(live.currentProperty().get());
        assertThat(tree.problem().value()).isEqualTo("sample/eggs");
        robot.interact(() -> expandAll(view.tree().getRoot()));
        WaitForAsyncUtils.waitForFxEvents();
        List<String> badges = org.errata.app.gui.tree.VisiblePills.texts(view.tree());
        assertThat(badges).contains(Badge.VERDICT_INCORRECT.text(), Badge.VERDICT_CORRECT.text(), Badge.FIRST_ERROR.text());
        assertThat(view.tree().lookupAll(".node-title").stream().map(n -> ((Label) n).getText()))
                .anyMatch(t -> t.startsWith("Error location: step 4"));
        // The finished run is in the library now.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> library.runs().size() == 2
                && view.library().traceList().getItems().size() == 4);
        assertThat(app.viewModel().library().runs()).hasSize(2);
    }

    @Test
    void theMetricsTabChartsTheRunAndExportsPng(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        MainView view = app.view();
        robot.interact(() -> view.tree().requestFocus());
        robot.press(KeyCode.CONTROL, KeyCode.M).release(KeyCode.M, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> app.viewModel().metrics().reportProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.centre().getSelectionModel().getSelectedIndex()).isEqualTo(1);
        var chart = view.metricsView().accChart();
        assertThat(chart.getData()).hasSize(1);
        assertThat(chart.getData().get(0).getData()).isNotEmpty();
        Node miss = view.metricsView().lookup("#confusion-fn");
        assertThat(((Label) miss).getText()).as("the fractions verdict missed a wrong answer").isEqualTo("1");
        assertThat(javafx.scene.layout.GridPane.getRowIndex(miss)).as("row: verdict correct").isEqualTo(1);
        assertThat(javafx.scene.layout.GridPane.getColumnIndex(miss)).as("column: solution wrong").isEqualTo(2);
        java.nio.file.Path png = dir.resolve("acc.png");
        robot.interact(() -> {
            try {
                org.errata.app.gui.metrics.MetricsView.exportPng(chart, png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] head = java.util.Arrays.copyOf(java.nio.file.Files.readAllBytes(png), 4);
        assertThat(head).containsExactly(0x89, 'P', 'N', 'G');
    }

    private static void expandAll(TreeItem<TraceNodeItem> item) {
        item.setExpanded(true);
        for (TreeItem<TraceNodeItem> c : item.getChildren()) expandAll(c);
    }

    @Test
    void theWindowLayoutIsSavedWhenTheAppStops() throws Exception {
        robot.interact(() -> app.view().split().setDividerPositions(0.3, 0.7));
        FxToolkit.cleanupApplication(app);
        WindowLayout saved = WindowLayout.load(prefs);
        assertThat(saved.dividers().get(0)).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.01));
        assertThat(saved.dividers().get(1)).isCloseTo(0.7, org.assertj.core.data.Offset.offset(0.01));
        assertThat(prefs.keys()).contains("width", "height", "dark");
    }

}
