package org.errata.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceStatus;
import org.errata.persistence.TestTraces;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.trace.TraceStore;
import org.errata.persistence.trace.TraceWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseMergerTest {
    @TempDir Path dir;

    @Test
    void mergesShardsOfOneRunAndSkipsDuplicates() throws Exception {
        Run run = TestTraces.run("demo");
        List<Problem> problems = List.of(Problem.of("demo", "0", "zero?", "0"), Problem.of("demo", "1", "one?", "1"));
        Trace t0 = TestTraces.everyNodeType(run.id(), ProblemId.of("demo", "0"));
        Trace t1 = TestTraces.everyNodeType(run.id(), ProblemId.of("demo", "1"));
        Path a = dir.resolve("a.db");
        Path b = dir.resolve("b.db");
        try (Database shard = Database.open(a)) {
            new DatasetStore(shard).saveProblems("demo", "problems", problems);
            new TraceStore(shard).saveRun(run);
            new TraceStore(shard).saveTrace(t0);
        }
        try (Database shard = Database.open(b)) {
            new DatasetStore(shard).saveProblems("demo", "problems", problems);
            new TraceStore(shard).saveRun(run);
            new TraceStore(shard).saveTrace(t1);
        }
        try (Database main = Database.open(dir.resolve("main.db"))) {
            // The main database holds a half-written tree of problem 1 (a killed run).
            new TraceStore(main).saveRun(run);
            try (TraceWriter w = new TraceWriter(main)) {
                w.on(new LoopEvent.TraceStarted(run.id(), t1.problem()));
                w.on(new LoopEvent.NodeAdded(run.id(), t1.problem(), TestTraces.everyNodeType(run.id(), t1.problem()).nodes().getFirst()));
            }
            DatabaseMerger.MergeReport ra = DatabaseMerger.merge(main, a);
            assertThat(ra.problems()).isEqualTo(2);
            assertThat(ra.traces()).isEqualTo(1);
            assertThat(ra.nodes()).isEqualTo(t0.nodes().size());
            DatabaseMerger.MergeReport rb = DatabaseMerger.merge(main, b);
            assertThat(rb.problems()).isZero();
            assertThat(rb.traces()).isEqualTo(1);
            DatabaseMerger.MergeReport again = DatabaseMerger.merge(main, b);
            assertThat(again.traces()).isZero();
            assertThat(again.skippedTraces()).isEqualTo(1);

            TraceStore store = new TraceStore(main);
            assertThat(store.loadTrace(run.id(), t0.problem())).isEqualTo(t0);
            assertThat(store.loadTrace(run.id(), t1.problem())).isEqualTo(t1);
            assertThat(store.loadTrace(run.id(), t1.problem()).status()).isEqualTo(TraceStatus.FINISHED);
            assertThat(new DatasetStore(main).problemCount("demo")).isEqualTo(2);
            assertThat(store.searchAttempts("answer", 10)).hasSize(2);
        }
    }

    @Test
    void refusesAShardThatIsNotAnErrataDatabase() throws Exception {
        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "not a database at all, just some text that is long enough");
        try (Database main = Database.open(dir.resolve("main.db"))) {
            assertThatThrownBy(() -> DatabaseMerger.merge(main, junk))
                    .isInstanceOf(PersistenceException.class).hasMessageContaining("not an Errata database");
        }
    }
}
