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
}
