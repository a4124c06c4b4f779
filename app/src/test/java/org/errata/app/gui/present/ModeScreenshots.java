package org.errata.app.gui.present;

import static org.assertj.core.api.Assumptions.assumeThat;

import atlantafx.base.theme.PrimerLight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.errata.app.annotate.AnnotateFixtures;
import org.errata.app.annotate.AnnotationQueue;
import org.errata.app.annotate.AnnotationSession;
import org.errata.app.annotate.Keymap;
import org.errata.app.export.TraceCard;
import org.errata.app.gui.annotate.AnnotationView;
import org.errata.app.gui.tree.Fixtures;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes the documentation screenshots of annotation and presentation mode when run with
 * {@code -Derrata.screenshots=DIR} (skipped otherwise): {@code mvn -pl app -am verify
 * -Dtest=ModeScreenshots -Derrata.screenshots=$PWD/docs}.
 */
class ModeScreenshots {
    private final FxRobot robot = new FxRobot();

    @AfterEach
    void cleanup() throws Exception {
        FxToolkit.cleanupStages();
    }

    private static void shoot(Scene scene, Path file) throws Exception {
        WritableImage[] img = new WritableImage[1];
        WaitForAsyncUtils.asyncFx(() -> img[0] = scene.snapshot(null)).get();
        Files.createDirectories(file.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(img[0], null), "png", file.toFile());
    }

    @Test
    void writeScreenshots() throws Exception {
        String dir = System.getProperty("errata.screenshots");
        assumeThat(dir).as("-Derrata.screenshots=DIR").isNotNull();
        Path out = Path.of(dir);
        Stage stage = FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet())).get();

        // Annotation: item 1 half done (two steps rated, the third current), not blind, a colleague's label visible.
        AnnotationQueue queue = AnnotationQueue.of(AnnotateFixtures.traces(), AnnotateFixtures::problemText, null, Set.of());
        List<HumanLabel> kept = new java.util.ArrayList<>();
        AnnotationSession session = new AnnotationSession(queue, "ann", new org.errata.app.annotate.LabelSink() {
            @Override public void save(RunId run, ProblemId problem, HumanLabel label) { kept.add(label); }
            @Override public void delete(RunId run, ProblemId problem, org.errata.correction.trace.NodeId parent, String a, String s) { }
        }, Clock.systemUTC(), false);
        AnnotationView annotation = (AnnotationView) FxToolkit.setupSceneRoot(() -> new AnnotationView(session, Keymap.defaults()));
        WaitForAsyncUtils.asyncFx(() -> { stage.setWidth(1280); stage.setHeight(760); }).get();
        FxToolkit.showStage();
        robot.interact(annotation::focusSteps);
        robot.type(KeyCode.DIGIT1, KeyCode.DIGIT1, KeyCode.X, KeyCode.E, KeyCode.C, KeyCode.C, KeyCode.C, KeyCode.C);
        WaitForAsyncUtils.waitForFxEvents();
        shoot(stage.getScene(), out.resolve("annotation-mode.png"));
        robot.press(KeyCode.SHIFT).type(KeyCode.SLASH).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        shoot(stage.getScene(), out.resolve("annotation-shortcuts.png"));

        // Presentation: the corrected sample revealed up to the correction.
        TraceCard card = TraceCard.of(Fixtures.corrected(), Fixtures.PROBLEM, null);
        PresentationView present = (PresentationView) FxToolkit.setupSceneRoot(() -> {
            PresentationView v = new PresentationView(PresentationViewTest.model(card, null));
            v.setPrefSize(1280, 800);
            return v;
        });
        robot.interact(present::requestFocus);
        for (int i = 0; i < 5; i++) robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        shoot(stage.getScene(), out.resolve("presentation-mode.png"));
    }
}
