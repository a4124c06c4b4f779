package org.errata.app.gui.inspector;

import static org.assertj.core.api.Assumptions.assumeThat;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.application.Application;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.errata.app.demo.DemoSpocRun;
import org.errata.app.gui.WorkbenchApp;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.TraceNode;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.RuntimeOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes {@code copyspec-inspector.png}: the inspector on the corrected attempt of a real demo-model
 * SPOC run (stored in SQLite and read back; every draft checked), copied spans shaded, the note of
 * one hovered span shown. Run with {@code -Derrata.screenshots=DIR} (skipped otherwise): {@code mvn -pl app -am
 * verify -Dtest=CopySpecScreenshot -Derrata.screenshots=$PWD/docs}.
 */
class CopySpecScreenshot {

    @TempDir
    Path tmp;

    @AfterEach
    void cleanup() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void writeScreenshot() throws Exception {
        String dir = System.getProperty("errata.screenshots");
        assumeThat(dir).as("-Derrata.screenshots=DIR").isNotNull();
        RuntimeOptions runtime = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(1);
        DemoSpocRun demo;
        // every draft checked, so the picture does not depend on the step times the planner measures
        try (LanguageModel model = DemoSpocRun.openCheckingEveryDraft(DemoSpocRun.modelFolder(tmp), runtime)) {
            demo = DemoSpocRun.run(model, tmp.resolve("errata.db"), DemoSpocRun.SLIPS_AND_CORRECTS, "copyspec");
        }
        List<TraceNode> nodes = demo.trace().nodes();
        Run run = demo.run();
        Attempt second = nodes.stream().filter(n -> n instanceof Attempt a && a.turn() == 2).map(Attempt.class::cast)
                .findFirst().orElseThrow();
        InspectorDocument doc = InspectorDocument.of(second, nodes, run);
        InspectorDocument.Mark hovered = doc.copied().stream().filter(m -> m.note().contains("attempt 1"))
                .findFirst().orElse(doc.copied().get(0));

        Stage stage = FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet())).get();
        InspectorViewModel vm = new InspectorViewModel();
        InspectorView view = (InspectorView) FxToolkit.setupSceneRoot(() -> {
            InspectorView v = new InspectorView(vm, new SimpleBooleanProperty(false));
            v.setPrefSize(900, 520);
            return v;
        });
        WaitForAsyncUtils.asyncFx(() -> {
            stage.getScene().getStylesheets().add(Objects.requireNonNull(
                    WorkbenchApp.class.getResource("workbench.css")).toExternalForm());
            stage.setWidth(900);
            stage.setHeight(520);
            vm.rawProperty().set(true);
            vm.documentProperty().set(doc);
            view.showCopiedNoteAt(hovered.start());
        }).get();
        FxToolkit.showStage();
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage[] img = new WritableImage[1];
        WaitForAsyncUtils.asyncFx(() -> img[0] = stage.getScene().snapshot(null)).get();
        Path file = Path.of(dir).resolve("copyspec-inspector.png");
        Files.createDirectories(file.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", file.toFile());
    }
}
