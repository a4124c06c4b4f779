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
import org.errata.persistence.io.ExportFormat;
import org.errata.persistence.io.Exporter;
import org.errata.persistence.io.ImportOptions;
import org.errata.persistence.io.ImportReport;
import org.errata.persistence.io.Importer;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labels made in a session leave as ProcessBench / PRM800K files and come back the same through import. */
class LabelExportRoundTripTest {
    @TempDir Path dir;

    record Row(String problem, int firstError, List<Integer> ratings) {}

    @Test
    void sessionLabelsSurviveExportAndImport() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2025-03-01T09:00:00Z"));
        try (Database db = Database.open(dir.resolve("a.db"))) {
            TraceStore store = new TraceStore(db);
            new DatasetStore(db).saveProblems("t", "test problems", AnnotateFixtures.PROBLEMS);
            store.saveRun(AnnotateFixtures.run("self-refine"));
            for (Trace t : AnnotateFixtures.traces()) store.saveTrace(t);
            AnnotationSession s = new AnnotationSession(AnnotationQueue.of(store.traces(AnnotateFixtures.RUN),
                    AnnotateFixtures::problemText, null, Set.of()), "ann", LabelSink.of(new org.errata.app.services.StoreLibraryService(store.database())), clock, true);
            Keymap keys = Keymap.defaults();
            for (String k : List.of("j", "j", "x", "Enter", "a", "Enter", "1", "2", "3")) {
                s.perform(keys.action(k).orElseThrow());
                clock.advance(Duration.ofSeconds(1));
            }
            List<Row> made = rows(store.traces(AnnotateFixtures.RUN), new DatasetStore(db));
            assertThat(made).containsExactly(
                    new Row("What is $2 + 3 + 4$?", 2, List.of(1, 1, -1)),
                    new Row("What is $3 \\times 3$?", 2, List.of(1, 0, -1)),
                    new Row("What is $\\frac{1}{2} + \\frac{1}{2}$?", -1, List.of(1, 1)));

            // A fourth label, only begun (one of two steps rated), is not exported as "all correct".
            AnnotationSession bob = new AnnotationSession(AnnotationQueue.of(store.traces(AnnotateFixtures.RUN),
                    AnnotateFixtures::problemText, null, Set.of()), "bob", LabelSink.of(new org.errata.app.services.StoreLibraryService(store.database())), clock, true);
            bob.goTo(1);
            bob.perform(keys.action("1").orElseThrow());
            for (ExportFormat f : List.of(ExportFormat.PROCESSBENCH, ExportFormat.PRM800K)) {
                Path out = dir.resolve(f.wireName() + ".jsonl");
                assertThat(new Exporter(db).exportRun(AnnotateFixtures.RUN, f, out)).isEqualTo(3);
                try (Database other = Database.open(dir.resolve(f.wireName() + ".db"))) {
                    ImportReport back = new Importer(other).importFile(out, new ImportOptions(f.wireName(), null, false, "test"));
                    List<Trace> traces = new TraceStore(other).traces(back.run());
                    List<Row> again = rows(traces, new DatasetStore(other));
                    if (f == ExportFormat.PRM800K) {
                        assertThat(again).containsExactlyInAnyOrderElementsOf(made.stream()
                                .map(r -> new Row(r.problem(), r.firstError(), r.ratings())).toList());
                        assertThat(traces.stream().flatMap(t -> t.nodes(HumanLabel.class)).map(HumanLabel::annotator))
                                .containsOnly("ann");
                    } else {
                        // ProcessBench carries the index only.
                        assertThat(again).extracting(r -> r.problem() + "=" + r.firstError())
                                .containsExactlyInAnyOrderElementsOf(made.stream().map(r -> r.problem() + "=" + r.firstError()).toList());
                    }
                }
            }
        }
    }

    private static List<Row> rows(List<Trace> traces, DatasetStore problems) throws Exception {
        List<Row> out = new java.util.ArrayList<>();
        for (Trace t : traces) {
            String text = problems.problem(t.problem()).orElseThrow().text();
            t.nodes(HumanLabel.class).forEach(h -> out.add(new Row(text, h.firstErrorStep(), h.stepRatings())));
        }
        out.sort(Comparator.comparing(Row::firstError).reversed().thenComparing(Row::problem));
        return out;
    }
}
