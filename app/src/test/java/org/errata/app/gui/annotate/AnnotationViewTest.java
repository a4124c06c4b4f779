package org.errata.app.gui.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javafx.scene.input.KeyCode;
import org.errata.app.annotate.AnnotateFixtures;
import org.errata.app.annotate.AnnotationQueue;
import org.errata.app.annotate.AnnotationSession;
import org.errata.app.annotate.Keymap;
import org.errata.app.annotate.LabelSink;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Trace;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** Headless: three items labelled by keyboard alone, then the database reopened and checked. */
class AnnotationViewTest {
    @TempDir Path dir;
    private final FxRobot robot = new FxRobot();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    /** Stands in for the annotator's pauses: every reading is 150 ms after the one before. */
    static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2025-03-01T09:00:00Z");
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public synchronized Instant instant() {
            now = now.plusMillis(150);
            return now;
        }
    }

    /** Warnings JavaFX logged about CSS. */
    static final class CssWarnings extends java.util.logging.Handler {
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(java.util.logging.LogRecord r) {
            if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()
                    && r.getLoggerName() != null && r.getLoggerName().startsWith("javafx.css")) {
                messages.add(new java.util.logging.SimpleFormatter().formatMessage(r));
            }
        }

        @Override public void flush() {}
        @Override public void close() {}
    }

    private final CssWarnings cssWarnings = new CssWarnings();

    @AfterEach
    void cleanup() throws Exception {
        java.util.logging.Logger.getLogger("javafx").removeHandler(cssWarnings);
        FxToolkit.cleanupStages();
    }

    @Test
    void threeItemsLabelledByKeyboardAloneAreInTheDatabaseAfterReopening() throws Exception {
        Path file = dir.resolve("errata.db");
        try (Database db = Database.open(file)) {
            TraceStore store = new TraceStore(db);
            new DatasetStore(db).saveProblems("t", "test problems", AnnotateFixtures.PROBLEMS);
            store.saveRun(AnnotateFixtures.run("self-refine"));
            for (Trace t : AnnotateFixtures.traces()) store.saveTrace(t);

            WriterThreadSink sink = new WriterThreadSink(LabelSink.of(new org.errata.app.services.StoreLibraryService(store.database())), failures::add);
            AnnotationSession session = new AnnotationSession(AnnotationQueue.of(store.traces(AnnotateFixtures.RUN),
                    AnnotateFixtures::problemText, null, Set.of()), "ann", sink, new SteppingClock(), true);
            // JavaFX reports CSS it cannot resolve (a lookup such as -fx-pref-width) as warnings of "javafx.css"
            java.util.logging.Logger fxLog = java.util.logging.Logger.getLogger("javafx");
            fxLog.addHandler(cssWarnings);
            FxToolkit.registerPrimaryStage();
            // the theme the workbench runs with defines the colour lookups (-color-fg-muted …) the view uses
            robot.interact(() -> javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet()));
            AnnotationView view = (AnnotationView) FxToolkit.setupSceneRoot(() -> new AnnotationView(session, Keymap.defaults()));
            FxToolkit.showStage();
            robot.interact(view::focusSteps);

            // Item 1: down twice, mark the first error there.
            robot.type(KeyCode.J, KeyCode.J, KeyCode.X);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(view.stepRows().get(2).getStyleClass()).contains("first-error");
            assertThat(view.stepRows().get(0).lookup(".rating.good")).isNotNull();
            robot.type(KeyCode.ENTER);
            // Item 2: all correct.
            robot.type(KeyCode.A, KeyCode.ENTER);
            // Item 3: rate step 1 +1, step 2 -1 (the first error).
            robot.type(KeyCode.DIGIT1, KeyCode.DIGIT3);
            // The shortcut sheet opens on ? and closes again.
            robot.press(KeyCode.SHIFT).type(KeyCode.SLASH).release(KeyCode.SHIFT);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(view.sheetNode().isVisible()).isTrue();
            robot.type(KeyCode.ESCAPE);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(view.sheetNode().isVisible()).isFalse();
            robot.type(KeyCode.ENTER);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(session.done()).isTrue();
            sink.close();
            fxLog.removeHandler(cssWarnings);
        }
        assertThat(failures).isEmpty();
        assertThat(cssWarnings.messages).as("CSS warnings of a whole annotation session").isEmpty();

        try (Database db = Database.open(file)) {
            List<HumanLabel> labels = new ArrayList<>();
            for (Trace t : new TraceStore(db).traces(AnnotateFixtures.RUN)) labels.addAll(t.nodes(HumanLabel.class).toList());
            labels.sort(Comparator.comparing(h -> h.parent().value()));
            assertThat(labels).hasSize(3);
            assertThat(labels).allSatisfy(h -> {
                assertThat(h.annotator()).isEqualTo("ann");
                assertThat(h.timeMs()).isPositive();
                assertThat(h.segmenter()).isEqualTo("line");
            });
            assertThat(labels).extracting(HumanLabel::firstErrorStep).containsExactly(2, -1, 1);
            assertThat(labels.get(0).stepRatings()).containsExactly(1, 1, -1);
            assertThat(labels.get(1).stepRatings()).containsExactly(1, 1);
            assertThat(labels.get(2).stepRatings()).containsExactly(1, -1);
        }
    }

    @Test
    void theHeaderNamesTheAttemptTheBarShowsProgressAndEscClosesTheWindow() throws Exception {
        try (Database db = Database.open(dir.resolve("errata.db"))) {
            TraceStore store = new TraceStore(db);
            new DatasetStore(db).saveProblems("t", "test problems", AnnotateFixtures.PROBLEMS);
            store.saveRun(AnnotateFixtures.run("self-refine"));
            for (Trace t : AnnotateFixtures.traces()) store.saveTrace(t);
            WriterThreadSink sink = new WriterThreadSink(LabelSink.of(new org.errata.app.services.StoreLibraryService(store.database())), failures::add);
            AnnotationQueue queue = AnnotationQueue.of(store.traces(AnnotateFixtures.RUN), AnnotateFixtures::problemText, null, Set.of());
            AnnotationSession session = new AnnotationSession(queue, "ann", sink, new SteppingClock(), true);
            FxToolkit.registerPrimaryStage();
            AnnotationView view = (AnnotationView) FxToolkit.setupSceneRoot(() -> new AnnotationView(session, Keymap.defaults()));
            FxToolkit.showStage();
            robot.interact(view::focusSteps);

            var first = queue.items().get(0);
            assertThat(view.labellingLabel().getText())
                    .isEqualTo("Labelling attempt " + first.attempt().turn() + " (" + first.attempt().role().wireName() + ", "
                            + first.steps().size() + " steps) of " + first.problem().value());
            assertThat(view.progressBar().getProgress()).isZero();
            robot.type(KeyCode.A, KeyCode.ENTER);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(view.progressBar().getProgress()).isCloseTo(1.0 / queue.size(), org.assertj.core.data.Offset.offset(1e-9));

            // Esc closes the sheet first, and only then the window
            robot.press(KeyCode.SHIFT).type(KeyCode.SLASH).release(KeyCode.SHIFT);
            robot.type(KeyCode.ESCAPE);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(view.getScene().getWindow().isShowing()).isTrue();
            robot.type(KeyCode.ESCAPE);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(view.getScene().getWindow().isShowing()).isFalse();
            sink.close();
        }
        assertThat(failures).isEmpty();
    }
}
