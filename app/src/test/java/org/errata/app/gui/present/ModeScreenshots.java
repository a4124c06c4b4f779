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
import org.errata.app.annotate.AnnotationQueue;
import org.errata.app.annotate.AnnotationSession;
import org.errata.app.annotate.Keymap;
import org.errata.app.export.TraceCard;
import org.errata.app.gui.annotate.AnnotationView;
import org.errata.correction.metrics.TraceOutcome;
import org.errata.correction.metrics.TraceSummary;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.RunSummary;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Writes the documentation screenshots of annotation and presentation mode from a real run when
 * given {@code -Derrata.screenshots=DIR -Derrata.screenshots.db=FILE} (skipped otherwise), e.g. a
 * 40-problem demo-model SPOC run:
 * {@code ./errata run --strategy spoc --model demo --dataset demo-heldout --limit 40 --temperature 0.8
 * --seed 3 --db /tmp/shots.db}, then {@code mvn -pl app verify -Dtest=ModeScreenshots
 * -Derrata.screenshots=$PWD/docs -Derrata.screenshots.db=/tmp/shots.db}. Both show the first trace of
 * the database's newest run that the model corrected (wrong first, right at the end).
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

    /** The newest run's first corrected trace, its problem and its run, read from a real database. */
    private record Corrected(Run run, Trace trace, Problem problem) {
        static Corrected read(Path dbFile) throws Exception {
            try (Database db = Database.open(dbFile)) {
                TraceStore store = new TraceStore(db);
                RunId id = store.runs().stream().max(java.util.Comparator.comparing(RunSummary::createdAt))
                        .orElseThrow(() -> new IllegalStateException("no run in " + dbFile)).id();
                Run run = store.run(id).orElseThrow();
                TraceSummary row = store.traces(id, 0, Integer.MAX_VALUE).stream()
                        .filter(s -> s.outcome().corrected()).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no corrected trace in run " + id.value()));
                Problem problem = new DatasetStore(db).problem(row.problem()).orElseThrow();
                return new Corrected(run, store.loadTrace(id, row.problem()), problem);
            }
        }
    }

    @Test
    void writeScreenshots() throws Exception {
        String dir = System.getProperty("errata.screenshots");
        String dbFile = System.getProperty("errata.screenshots.db");
        assumeThat(dir).as("-Derrata.screenshots=DIR").isNotNull();
        assumeThat(dbFile).as("-Derrata.screenshots.db=FILE (a real run)").isNotNull();
        Path out = Path.of(dir);
        Corrected c = Corrected.read(Path.of(dbFile));
        Stage stage = FxToolkit.registerPrimaryStage();
        WaitForAsyncUtils.asyncFx(() -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet())).get();

        // Annotation: the corrected trace's first attempt, the steps before its first error rated
        // good, that step marked as the first error, not blind (the model's own verdict visible).
        AnnotationQueue queue = AnnotationQueue.of(List.of(c.trace()), p -> c.problem().text(), null, Set.of());
        AnnotationSession session = new AnnotationSession(queue, "ann", new org.errata.app.annotate.LabelSink() {
            @Override public void save(RunId run, ProblemId problem, HumanLabel label) { }
            @Override public void delete(RunId run, ProblemId problem, org.errata.correction.trace.NodeId parent, String a, String s) { }
        }, Clock.systemUTC(), false);
        AnnotationView annotation = (AnnotationView) FxToolkit.setupSceneRoot(() -> new AnnotationView(session, Keymap.defaults()));
        WaitForAsyncUtils.asyncFx(() -> { stage.setWidth(1280); stage.setHeight(760); }).get();
        FxToolkit.showStage();
        robot.interact(annotation::focusSteps);
        Integer firstError = TraceOutcome.of(c.trace()).firstErrorStep(); // 0-based
        for (int i = 0; firstError != null && i < firstError; i++) robot.type(KeyCode.DIGIT1);
        robot.type(KeyCode.X, KeyCode.E, KeyCode.C, KeyCode.C, KeyCode.C, KeyCode.C);
        WaitForAsyncUtils.waitForFxEvents();
        shoot(stage.getScene(), out.resolve("annotation-mode.png"));
        robot.press(KeyCode.SHIFT).type(KeyCode.SLASH).release(KeyCode.SHIFT);
        WaitForAsyncUtils.waitForFxEvents();
        shoot(stage.getScene(), out.resolve("annotation-shortcuts.png"));

        // Presentation: the same trace, revealed up to its correction.
        TraceCard card = TraceCard.of(c.trace(), c.problem(), c.run());
        PresentationView present = (PresentationView) FxToolkit.setupSceneRoot(() -> {
            PresentationView v = new PresentationView(PresentationViewTest.model(card, null));
            v.setPrefSize(1280, 800);
            return v;
        });
        robot.interact(present::requestFocus);
        int reveal = Integer.getInteger("errata.screenshots.reveal", 8);
        for (int i = 0; i < reveal; i++) robot.type(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        shoot(stage.getScene(), out.resolve("presentation-mode.png"));
    }
}
