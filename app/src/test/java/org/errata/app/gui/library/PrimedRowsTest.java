package org.errata.app.gui.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.IndexedCell;
import javafx.scene.layout.StackPane;
import org.errata.app.gui.WorkbenchApp;
import org.errata.app.gui.task.ManualTasks;
import org.errata.app.gui.tree.TraceNodeItem;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.app.gui.tree.TraceTreeView;
import org.errata.app.services.sample.InMemoryLibrary;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Trace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Rows made and styled ahead while the FX thread waits (the primers of {@link LibraryView} and
 * {@link TraceTreeView}): the list knows its row height before the rows arrive and draws them in
 * the window with it; the tree knows its row height before it shows a tree. Each height must be
 * the one the real rows then have: a primer that was not styled (no window) or measured a row
 * unlike the real ones would tell another.
 */
class PrimedRowsTest {
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void theListKnowsItsRowHeightBeforeTheRowsArriveAndDrawsThemInTheWindow() throws Exception {
        ManualTasks tasks = new ManualTasks();
        LibraryViewModel vm = new LibraryViewModel(InMemoryLibrary.withSample(), tasks, e -> { });
        LibraryView view = show(() -> new LibraryView(vm, s -> { }, new StackPane()));

        robot.interact(() -> {
            vm.reload();
            tasks.runNext(); // the runs are read; the run's rows are asked for and wait in the queue
        });
        WaitForAsyncUtils.waitForFxEvents(); // the primer runs in the turn after
        assertThat(vm.loadingProperty().get()).as("the rows are still being read").isTrue();
        double primed = view.traceList().getFixedCellSize();
        assertThat(primed).as("row height known before any row arrived").isGreaterThan(20);

        robot.interact(tasks::drain);
        WaitForAsyncUtils.waitForFxEvents();
        List<IndexedCell<?>> shown = rows(view.traceList(), ".list-cell");
        assertThat(shown).hasSize(SampleLibrary.traces().size());
        for (IndexedCell<?> c : shown) {
            assertThat(c.getScene()).as("row %d is in the window", c.getIndex()).isSameAs(view.getScene());
            assertThat(c.getHeight()).as("row %d", c.getIndex()).isEqualTo(primed);
        }
        assertThat(view.traceList().getFixedCellSize()).as("the rows kept the primed height").isEqualTo(primed);
    }

    @Test
    void theTreeKnowsItsRowHeightBeforeShowingATree() throws Exception {
        StackPane box = show(() -> new StackPane(new TraceTreeView()));
        TraceTreeView tree = (TraceTreeView) box.getChildren().get(0);
        robot.interact(() -> tree.primeOnce(box));
        double primed = tree.getFixedCellSize();
        assertThat(primed).as("row height known before any tree").isGreaterThan(10);

        // a trace with verdict, first-error and gold pills on its rows
        Trace trace = SampleLibrary.traces().stream().filter(t -> t.problem().value().equals("sample/fractions"))
                .findFirst().orElseThrow();
        Problem problem = SampleLibrary.problems().stream().filter(p -> p.id().equals(trace.problem())).findFirst().orElseThrow();
        TraceTreeModel model = TraceTreeModel.of(trace, problem, true);
        robot.interact(() -> {
            tree.show(model);
            assertThat(tree.find(model.collapseToFirstError())).isNotNull(); // expands the way to the first error, as the workbench does
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<IndexedCell<?>> shown = rows(tree, ".tree-cell");
        assertThat(shown).hasSizeGreaterThanOrEqualTo(2);
        assertThat(shown).as("rows with pills show")
                .anyMatch(c -> !((TraceNodeItem) Objects.requireNonNull(c.getItem())).badges().isEmpty());
        assertThat(tree.getFixedCellSize()).as("the rows kept the primed height").isEqualTo(primed);
        for (IndexedCell<?> c : shown) assertThat(c.getHeight()).as("row %d", c.getIndex()).isEqualTo(primed);
    }

    private static List<IndexedCell<?>> rows(Parent in, String selector) {
        List<IndexedCell<?>> out = new ArrayList<>();
        for (Node n : in.lookupAll(selector)) {
            if (n instanceof IndexedCell<?> c && c.isVisible() && c.getItem() != null && c.getIndex() >= 0) out.add(c);
        }
        return out;
    }

    /** Shows the root {@code make} makes (on the FX thread) in a window with the workbench's theme and style sheet. */
    private <T extends Parent> T show(java.util.function.Supplier<T> make) throws Exception {
        FxToolkit.registerPrimaryStage();
        robot.interact(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet()));
        List<T> made = new ArrayList<>();
        FxToolkit.setupStage(s -> {
            T root = make.get();
            made.add(root);
            Scene scene = new Scene(root, 420, 700);
            scene.getStylesheets().add(Objects.requireNonNull(WorkbenchApp.class.getResource("workbench.css")).toExternalForm());
            s.setScene(scene);
        });
        FxToolkit.showStage();
        WaitForAsyncUtils.waitForFxEvents();
        return made.get(0);
    }
}
