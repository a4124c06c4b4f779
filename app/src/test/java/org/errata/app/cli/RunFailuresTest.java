package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceStatus;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose model calls fail does not end FINISHED with exit 0: each failure is one line on the
 * console (none under --quiet), the closing line counts them and names the log file with the
 * details, and a resume against a working server retries exactly those problems. A store that
 * cannot write (a full disk) ends the run with one line, not a stack trace. Real processes, so
 * that everything they print is seen.
 */
class RunFailuresTest {

    private static final int PROBLEMS = 3;

    @TempDir Path dir;

    @Test
    void failedProblemsAreCountedLoggedAndRetriedOnResume() throws Exception {
        Path db = dir.resolve("e.db");
        Path log = dir.resolve("e.log");
        RunFixtures.sums(dir, db, PROBLEMS);
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.mode(FakeOpenAiServer.Mode.FAIL);
            ChildErrata.Result first = ChildErrata.run(dir, Map.of(), "--db", db.toString(), "run", "--dataset", "sums",
                    "--strategy", "spoc", "--max-turns", "1", "--model", server.spec(), "--concurrency", "1");
            assertThat(first.code()).as(first.err()).isEqualTo(1);
            String run = first.out().strip();
            List<String> lines = first.errLines();
            assertThat(lines.stream().filter(l -> l.startsWith("problem ")).toList()).hasSize(PROBLEMS)
                    .allSatisfy(l -> assertThat(l).contains(" failed: HTTP 400").contains("the model is overloaded"));
            assertThat(lines.getLast()).isEqualTo(PROBLEMS + " of " + PROBLEMS + " problems failed; details in " + log
                    + "; finish them with: errata run --resume " + run);
            assertThat(first.err()).doesNotContain("\tat ").doesNotContain("SEVERE").doesNotContain("WARNING");
            assertThat(Files.readString(log)).contains("HTTP 400").contains("\tat ")
                    .contains("run " + run + ": problem sums/0 failed: HTTP 400");
            assertStatus(db, run, RunStatus.STOPPED, TraceStatus.FAILED);

            ChildErrata.Result quiet = ChildErrata.run(dir, Map.of(), "--db", db.toString(), "run", "--resume", run,
                    "--quiet");
            assertThat(quiet.code()).isEqualTo(1);
            assertThat(quiet.errLines()).as("under --quiet only the count").containsExactly(PROBLEMS + " of " + PROBLEMS
                    + " problems failed; details in " + log + "; finish them with: errata run --resume " + run);

            server.mode(FakeOpenAiServer.Mode.ANSWER);
            ChildErrata.Result resumed = ChildErrata.run(dir, Map.of(), "--db", db.toString(), "run", "--resume", run,
                    "--quiet", "--json");
            assertThat(resumed.code()).as(resumed.err()).isZero();
            assertThat(resumed.err()).isEmpty();
            assertThat(resumed.out()).contains("\"finished\":" + PROBLEMS).contains("\"failed\":0");
            assertStatus(db, run, RunStatus.FINISHED, TraceStatus.FINISHED);
            RunFixtures.assertOneTreePerTrace(db, run, PROBLEMS);
        }
    }

    @Test
    void aStoreThatCannotWriteEndsTheRunWithOneLine() throws Exception {
        Path db = dir.resolve("e.db");
        RunFixtures.sums(dir, db, PROBLEMS);
        try (Database d = Database.open(db)) {
            // What a full disk looks like to the writer: every node insert fails.
            d.write(c -> {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TRIGGER disk_full BEFORE INSERT ON node"
                            + " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
                }
                return null;
            });
        }
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            ChildErrata.Result r = ChildErrata.run(dir, Map.of(), "--db", db.toString(), "run", "--dataset", "sums",
                    "--strategy", "spoc", "--max-turns", "1", "--model", server.spec(), "--quiet");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).startsWith("errata: ").contains("could not all be saved").contains("database or disk is full")
                    .contains("details in " + dir.resolve("e.log")).contains("resume with: errata run --resume ")
                    .doesNotContain("SEVERE").doesNotContain("\tat ");
            assertThat(Files.readString(dir.resolve("e.log"))).contains("database or disk is full").contains("\tat ");
        }
    }

    private static void assertStatus(Path db, String run, RunStatus status, TraceStatus traces) throws Exception {
        try (Database d = Database.open(db)) {
            TraceStore store = new TraceStore(d);
            assertThat(store.run(new RunId(run)).orElseThrow().status()).isEqualTo(status);
            List<Trace> all = store.traces(new RunId(run));
            assertThat(all).hasSize(PROBLEMS).allSatisfy(t -> assertThat(t.status()).isEqualTo(traces));
        }
    }
}
