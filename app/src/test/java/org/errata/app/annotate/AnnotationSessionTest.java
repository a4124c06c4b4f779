package org.errata.app.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.errata.app.annotate.AnnotateFixtures.ManualClock;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Trace;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnotationSessionTest {
    @TempDir Path dir;
    Database db;
    TraceStore store;
    final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
        store = new TraceStore(db);
        new DatasetStore(db).saveProblems("t", "test problems", AnnotateFixtures.PROBLEMS);
        store.saveRun(AnnotateFixtures.run("self-refine"));
        for (Trace t : AnnotateFixtures.traces()) store.saveTrace(t);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private AnnotationSession session(String annotator, boolean blind) throws Exception {
        AnnotationQueue q = AnnotationQueue.of(store.traces(AnnotateFixtures.RUN), AnnotateFixtures::problemText, null,
                Set.of(AnnotationQueue.DEFAULT_GOLD));
        return new AnnotationSession(q, annotator, LabelSink.of(new org.errata.app.services.StoreLibraryService(store.database())), clock, blind);
    }

    private List<HumanLabel> stored(String annotator) throws Exception {
        return store.traces(AnnotateFixtures.RUN).stream()
                .flatMap(t -> t.nodes(HumanLabel.class))
                .filter(h -> h.annotator().equals(annotator))
                .sorted(Comparator.comparing(h -> h.parent().value()))
                .toList();
    }

    private void keys(AnnotationSession s, Keymap map, String... keys) {
        for (String k : keys) {
            s.perform(map.action(k).orElseThrow(() -> new AssertionError("unbound key " + k)));
            clock.advance(Duration.ofMillis(700));
        }
    }

    @Test
    void threeItemsLabelledByKeysAreStoredAsTheyAreMade() throws Exception {
        AnnotationSession s = session("ann", true);
        Keymap map = Keymap.defaults();
        assertThat(s.queue().size()).isEqualTo(3);
        assertThat(s.queue().get(0).steps()).hasSize(4);

        keys(s, map, "j", "j", "x");
        // Saved at once, before leaving the item.
        List<HumanLabel> now = stored("ann");
        assertThat(now).singleElement().satisfies(h -> {
            assertThat(h.firstErrorStep()).isEqualTo(2);
            assertThat(h.stepRatings()).containsExactly(1, 1, -1);
            assertThat(h.timeMs()).isEqualTo(1400);
        });
        keys(s, map, "e", "c", "c", "Enter");
        keys(s, map, "a", "Enter");
        keys(s, map, "j", "3", "Enter");
        assertThat(s.done()).isTrue();

        List<HumanLabel> labels = stored("ann");
        assertThat(labels).hasSize(3);
        HumanLabel first = labels.stream().filter(h -> h.firstErrorStep() == 2).findFirst().orElseThrow();
        assertThat(first.errorType()).isEqualTo("calculation");
        assertThat(first.confidence()).isEqualTo(2);
        assertThat(first.segmenter()).isEqualTo("line");
        HumanLabel all = labels.stream().filter(h -> h.firstErrorStep() == -1).findFirst().orElseThrow();
        assertThat(all.stepRatings()).containsExactly(1, 1);
        HumanLabel third = labels.stream().filter(h -> h.firstErrorStep() == 1).findFirst().orElseThrow();
        assertThat(third.stepRatings()).containsExactly(1, -1);
        assertThat(labels).allSatisfy(h -> assertThat(h.timeMs()).isPositive());
        assertThat(s.completed()).isEqualTo(3);
    }

    @Test
    void ratingsFillEarlierStepsAdvanceTheCursorAndUndoRestoresAndResaves() throws Exception {
        AnnotationSession s = session("bob", false);
        Keymap map = Keymap.defaults();
        keys(s, map, "1", "2");
        assertThat(s.step()).isEqualTo(2);
        assertThat(s.draft().ratings()).containsExactly(1, 0, null, null);
        assertThat(s.draft().complete()).isFalse();
        assertThat(stored("bob")).singleElement().satisfies(h -> {
            assertThat(h.firstErrorStep()).isEqualTo(-1);
            assertThat(h.stepRatings()).containsExactly(1, 0);
            assertThat(LabelDraft.complete(h, 4)).isFalse();
        });
        keys(s, map, "3");
        assertThat(stored("bob").getFirst().firstErrorStep()).isEqualTo(2);
        keys(s, map, "u");
        assertThat(stored("bob").getFirst().stepRatings()).containsExactly(1, 0);
        keys(s, map, "u", "u");
        // Undone back to nothing: no label is left (an empty one would read as "all correct").
        assertThat(stored("bob")).isEmpty();
        keys(s, map, "u");
        assertThat(s.status()).isEqualTo("nothing to undo");
    }

    @Test
    void undoGoesBackToTheItemOfTheEdit() throws Exception {
        AnnotationSession s = session("bob", false);
        Keymap map = Keymap.defaults();
        keys(s, map, "a", "Enter");
        assertThat(s.itemIndex()).isEqualTo(1);
        keys(s, map, "u");
        assertThat(s.itemIndex()).isEqualTo(0);
        assertThat(s.draft().rated()).isZero();
    }

    @Test
    void resumeStartsAtTheFirstUnlabelledItemAndAddsTime() throws Exception {
        AnnotationSession s = session("cy", false);
        Keymap map = Keymap.defaults();
        keys(s, map, "a", "Enter", "1");
        // Item 2 is half rated (1 of 2 steps), so a new session resumes there.
        AnnotationSession again = session("cy", false);
        assertThat(again.itemIndex()).isEqualTo(1);
        assertThat(again.draft().ratings()).containsExactly(1, null);
        long before = again.timeOnItemMs();
        assertThat(before).isEqualTo(700);
        clock.advance(Duration.ofSeconds(2));
        assertThat(again.timeOnItemMs()).isEqualTo(2700);
        // Another annotator starts at the top.
        assertThat(session("dee", false).itemIndex()).isZero();
    }

    @Test
    void blindModeHidesModelVerdictsAndOtherAnnotators() throws Exception {
        session("ann", false).perform(Action.ALL_CORRECT);
        AnnotationSession seeing = session("bob", false);
        assertThat(seeing.visibleVerdicts()).hasSize(1);
        assertThat(seeing.visibleLabels()).extracting(HumanLabel::annotator).containsExactly("ann");
        AnnotationSession blind = session("bob", true);
        assertThat(blind.visibleVerdicts()).isEmpty();
        assertThat(blind.visibleLabels()).isEmpty();
        assertThat(blind.queue().get(0).verdicts()).hasSize(1);
    }

    @Test
    void skippedItemsComeLastAmongTheRemaining() throws Exception {
        AnnotationSession s = session("ann", true);
        Keymap map = Keymap.defaults();
        keys(s, map, "s");
        assertThat(s.itemIndex()).isEqualTo(1);
        assertThat(s.skipped(0)).isTrue();
        keys(s, map, "a");
        assertThat(s.remaining()).containsExactly(2, 0);
        assertThat(stored("ann")).hasSize(1);
    }

    @Test
    void badProblemAloneIsACompleteLabel() throws Exception {
        AnnotationSession s = session("ann", true);
        keys(s, Keymap.defaults(), "f");
        HumanLabel h = stored("ann").getFirst();
        assertThat(h.badProblem()).isTrue();
        assertThat(LabelDraft.complete(h, 4)).isTrue();
        assertThat(session("ann", true).itemIndex()).isEqualTo(1);
    }
}
