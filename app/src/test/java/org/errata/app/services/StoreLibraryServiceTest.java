package org.errata.app.services;

import org.errata.correction.metrics.TraceFilter;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.app.services.sample.SampleSeeder;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.persistence.db.Database;
import org.errata.correction.metrics.TraceSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLibraryServiceTest {

    @Test
    void readsTheSeededSampleBackFromSqlite(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            assertThat(SampleSeeder.seedIfEmpty(db)).isTrue();
            assertThat(SampleSeeder.seedIfEmpty(db)).as("only once").isFalse();
            StoreLibraryService lib = new StoreLibraryService(db);
            assertThat(lib.runs()).extracting(r -> r.id()).containsExactly(SampleLibrary.RUN);
            assertThat(lib.runs().get(0).parameters()).containsEntry("max_turns", 3);
            assertThat(lib.datasets()).extracting(d -> d.name()).containsExactly(SampleLibrary.DATASET);

            Page<TraceSummary> all = lib.traces(SampleLibrary.RUN, TraceFilter.ALL, 0, 100);
            assertThat(all.total()).isEqualTo(4);
            assertThat(all.items().get(0).problemText()).startsWith("Natalia sold clips");
            assertThat(lib.traces(SampleLibrary.RUN, new TraceFilter("", TraceFilter.Correctness.WRONG, null), 0, 100).items())
                    .extracting(s -> s.problem().value()).containsExactly("sample/fractions");
            assertThat(lib.traces(SampleLibrary.RUN, new TraceFilter("", TraceFilter.Correctness.ANY, Verdict.INCORRECT), 0, 100)
                    .items()).isEmpty();
            assertThat(lib.traces(SampleLibrary.RUN, new TraceFilter("", TraceFilter.Correctness.ANY, Verdict.CORRECT), 0, 100)
                    .items()).hasSize(4).allMatch(s -> s.attempts() >= 1);
            assertThat(lib.traces(SampleLibrary.RUN, TraceFilter.ALL, 1, 2).items()).hasSize(2);

            Trace expected = SampleLibrary.traces().get(0);
            Trace loaded = lib.loadTrace(SampleLibrary.RUN, expected.problem()).orElseThrow();
            assertThat(loaded.nodes()).isEqualTo(expected.nodes());
            assertThat(lib.problems(new ProblemQuery(null, "ducks"), 0, 10).items())
                    .extracting(p -> p.key()).containsExactly("eggs");
            assertThat(lib.problems(new ProblemQuery(SampleLibrary.DATASET, ""), 0, 2).total()).isEqualTo(4);
        }
    }

    @Test
    void aPreparedListingAnswersFromMemoryUntilATraceChanges(@TempDir Path dir) throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            SampleSeeder.seedIfEmpty(db);
            StoreLibraryService lib = new StoreLibraryService(db);
            TraceFilter wrong = new TraceFilter("", TraceFilter.Correctness.WRONG, null);
            TraceFilter byAttempts = TraceFilter.ALL.withSort(TraceFilter.Sort.ATTEMPTS);
            java.util.List<String> sqlWrong = keys(lib, wrong);
            java.util.List<String> sqlByAttempts = keys(lib, byAttempts);
            assertThat(lib.answersFromMemory(SampleLibrary.RUN)).isFalse();

            lib.prepareListing(SampleLibrary.RUN);
            assertThat(lib.answersFromMemory(SampleLibrary.RUN)).isTrue();
            assertThat(lib.answersFromMemory(new org.errata.correction.trace.RunId("another"))).isFalse();
            assertThat(keys(lib, wrong)).isEqualTo(sqlWrong).containsExactly("sample/fractions");
            assertThat(keys(lib, byAttempts)).isEqualTo(sqlByAttempts).hasSize(4);
            assertThat(lib.listing(SampleLibrary.RUN, TraceFilter.ALL.withText("ducks")).size()).as("a search asks the store").isEqualTo(1);

            // another writer grades a trace wrong: the next listing is the store's, with it
            try (java.sql.Connection other = db.connect(); var st = other.createStatement()) {
                assertThat(st.executeUpdate("UPDATE trace SET correct = 0 WHERE problem_id = 'sample/eggs'")).isPositive();
            }
            assertThat(lib.answersFromMemory(SampleLibrary.RUN)).isFalse();
            assertThat(lib.listing(SampleLibrary.RUN, wrong).size()).isEqualTo(2);
            // read again at most every ten seconds while the run's traces keep changing
            lib.prepareListing(SampleLibrary.RUN);
            assertThat(lib.answersFromMemory(SampleLibrary.RUN)).isFalse();
            assertThat(lib.listing(SampleLibrary.RUN, wrong).size()).isEqualTo(2);
        }
    }

    private static java.util.List<String> keys(StoreLibraryService lib, TraceFilter f) throws Exception {
        TraceListing l = lib.listing(SampleLibrary.RUN, f);
        return l.rows(0, l.size()).stream().map(s -> s.problem().value()).toList();
    }
}
