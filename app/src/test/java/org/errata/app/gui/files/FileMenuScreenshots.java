package org.errata.app.gui.files;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.embed.swing.SwingFXUtils;
import javafx.stage.PopupWindow;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.errata.app.gui.WorkbenchApp;
import org.errata.app.services.WorkbenchServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes pictures of the File menu open and of files dragged over the library when run with
 * {@code -Derrata.screenshots=DIR} (skipped otherwise): {@code mvn -pl app -am verify
 * -Dtest=FileMenuScreenshots -Derrata.screenshots=$PWD/docs}.
 */
class FileMenuScreenshots {
    @TempDir Path dir;

    @Test
    void writeScreenshots() throws Exception {
        String to = System.getProperty("errata.screenshots");
        assumeThat(to).as("-Derrata.screenshots=DIR").isNotNull();
        Path out = Path.of(to);
        Files.createDirectories(out);
        Preferences prefs = Preferences.userRoot().node("org/errata/test/" + UUID.randomUUID());
        FxToolkit.registerPrimaryStage();
        try (WorkbenchServices services = WorkbenchServices.open(dir.resolve("errata.db"))) {
            WorkbenchApp app = (WorkbenchApp) FxToolkit.setupApplication(() -> new WorkbenchApp(
                    new WorkbenchApp.Config(services.library(), services.runs(), prefs, null, false, services.transfers())));
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> app.viewModel().selectedProperty().get() != null);
            WaitForAsyncUtils.waitForFxEvents();

            WaitForAsyncUtils.asyncFx(() -> app.view().fileMenu().show()).get();
            WaitForAsyncUtils.waitForFxEvents();
            ImageIO.write(withPopups(app.view().getScene().getWindow()), "png", out.resolve("workbench-file-menu.png").toFile());
            WaitForAsyncUtils.asyncFx(() -> app.view().fileMenu().hide()).get();

            Path samples = Files.writeString(dir.resolve("evals.jsonl"), "{\"question\": \"q\", \"gt\": \"1\", \"code\": [\"1\"]}\n");
            WaitForAsyncUtils.asyncFx(() -> app.view().fileDrop().over(List.of(samples.toFile()))).get();
            WaitForAsyncUtils.waitForFxEvents();
            ImageIO.write(withPopups(app.view().getScene().getWindow()), "png", out.resolve("workbench-drop.png").toFile());
            FxToolkit.cleanupApplication(app);
        } finally {
            FxToolkit.cleanupStages();
            prefs.removeNode();
        }
    }

    /** The window with the popups open over it (a menu is a window of its own), as the screen shows them. */
    private static BufferedImage withPopups(Window main) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            BufferedImage img = SwingFXUtils.fromFXImage(main.getScene().snapshot(null), null);
            Graphics2D g = img.createGraphics();
            for (Window w : Window.getWindows()) {
                if (w instanceof PopupWindow p && p.isShowing() && p.getScene() != null) {
                    BufferedImage popup = SwingFXUtils.fromFXImage(p.getScene().snapshot(null), null);
                    g.drawImage(popup, (int) (p.getX() - main.getX()), (int) (p.getY() - main.getY()), null);
                }
            }
            g.dispose();
            return img;
        }).get();
    }
}
