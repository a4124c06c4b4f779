package org.errata.app.gui.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.Region;
import org.errata.app.gui.WorkbenchWindow;
import org.errata.correction.metrics.TraceSummary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Headless: rows of the trace list are as tall as what they show, whatever the list's width; in a
 * narrow list the outcome badges wrap onto more lines, and each row makes room for them (rows
 * overlapped before, seen in a screenshot of a 1280-pixel window).
 */
class TraceListRowsTest {
    @TempDir Path dir;
    private final FxRobot robot = new FxRobot();
    private WorkbenchWindow window;

    @AfterEach
    void close() throws Exception {
        window.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyRowIsAsTallAsItsContentAndNoneOverlapsTheNextInANarrowList() throws Exception {
        window = WorkbenchWindow.open(dir);
        ListView<TraceSummary> list = (ListView<TraceSummary>) robot.lookup("#trace-list").queryAs(ListView.class);
        for (double width : new double[] {230, 330}) {
            robot.interact(() -> {
                window.app().view().split().setDividerPositions(width / window.app().view().split().getWidth());
            });
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Math.abs(list.getWidth() - width) < 40);
            WaitForAsyncUtils.waitForFxEvents();
            List<ListCell<?>> cells = new ArrayList<>();
            for (Node n : list.lookupAll(".list-cell")) {
                if (n instanceof ListCell<?> c && c.isVisible() && c.getItem() != null) cells.add(c);
            }
            assertThat(cells).as("rows shown at width " + width).hasSizeGreaterThanOrEqualTo(3);
            cells.sort(Comparator.comparingDouble(Node::getLayoutY));
            for (int i = 0; i < cells.size(); i++) {
                ListCell<?> c = cells.get(i);
                Region graphic = (Region) c.getGraphic();
                double needs = graphic.prefHeight(graphic.getWidth()) + c.snappedTopInset() + c.snappedBottomInset();
                assertThat(c.getHeight()).as("row %d (%s) at list width %.0f", i, c.getItem(), list.getWidth())
                        .isGreaterThanOrEqualTo(needs - 0.5);
                if (i + 1 < cells.size()) {
                    assertThat(cells.get(i + 1).getLayoutY()).as("the row after row %d", i)
                            .isGreaterThanOrEqualTo(c.getLayoutY() + needs - 0.5);
                }
            }
        }
    }
}
