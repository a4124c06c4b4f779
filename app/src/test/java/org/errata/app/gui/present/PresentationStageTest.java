package org.errata.app.gui.present;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.errata.app.gui.WorkbenchWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/** The presentation as the workbench opens it: full screen, over the open trace; Esc hands back to the workbench. */
class PresentationStageTest {

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();

    private static Optional<Stage> presentation() {
        return Window.getWindows().stream().filter(w -> w instanceof Stage s && "Errata · presentation".equals(s.getTitle()))
                .map(w -> (Stage) w).findFirst();
    }

    @Test
    void f5OpensTheOpenTraceFullScreenAndEscClosesItBackToTheWorkbench() throws Exception {
        try (WorkbenchWindow window = WorkbenchWindow.open(dir)) {
            Window main = window.app().view().getScene().getWindow();
            robot.interact(main::requestFocus);
            robot.push(KeyCode.F5);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> presentation().map(Stage::isShowing).orElse(false));
            Stage stage = presentation().orElseThrow();
            assertThat(stage.isFullScreen()).as("the presentation fills the screen").isTrue();
            assertThat(stage.getFullScreenExitHint()).as("no exit hint over the audience's view").isEmpty();
            assertThat(stage.getScene().lookup(".presentation")).as("the trace's card is shown").isNotNull();

            robot.push(KeyCode.ESCAPE);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !stage.isShowing());
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, main::isFocused);
            assertThat(presentation()).as("closed, not hidden behind the workbench").isEmpty();
        }
    }
}
