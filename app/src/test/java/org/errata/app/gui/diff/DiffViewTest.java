package org.errata.app.gui.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Headless: the diff fits a narrow inspector, has column headings, and marks the changed words. */
class DiffViewTest {
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void cleanup() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void headingsAndBothColumnsStayInsideANarrowInspector() throws Exception {
        FxToolkit.registerPrimaryStage();
        DiffView view = (DiffView) FxToolkit.setupSceneRoot(DiffView::new);
        FxToolkit.setupStage(s -> { s.setWidth(520); s.setHeight(400); });
        FxToolkit.showStage();
        robot.interact(() -> view.show(StepAlignment.align(
                List.of("In April Natalia sold 48 clips.", "Altogether she sold 48 + 24 = 62 clips."),
                List.of("In April Natalia sold 48 clips.", "Altogether she sold 48 + 24 = 72 clips."))));
        WaitForAsyncUtils.waitForFxEvents();

        List<String> headings = view.lookupAll(".row-title").stream().map(n -> ((Label) n).getText()).toList();
        assertThat(headings).containsExactly("change", "previous attempt", "this attempt");
        double right = view.localToScene(view.getLayoutBounds()).getMaxX();
        for (Node n : view.lookupAll(".row-title")) {
            Bounds b = n.localToScene(n.getLayoutBounds());
            assertThat(b.getMaxX()).isLessThanOrEqualTo(right + 0.5);
        }
        for (Node n : view.list().lookupAll(".diff-text")) {
            Bounds b = n.localToScene(n.getLayoutBounds());
            assertThat(b.getMaxX()).as("a diff text ends inside the view").isLessThanOrEqualTo(right + 0.5);
        }
        List<String> changed = view.list().lookupAll(".diff-changed").stream()
                .map(n -> ((javafx.scene.text.Text) n).getText()).toList();
        assertThat(changed).containsExactlyInAnyOrder("62", "72");
    }
}
