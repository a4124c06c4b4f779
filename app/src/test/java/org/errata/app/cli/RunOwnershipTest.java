package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
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
 * One owner per run, shown with real processes on one SQLite file: while a run decodes (its
 * first model call held by the server), a second process's {@code run --resume} is refused with
 * the owner's pid and host and writes nothing; a SIGKILLed owner's run is taken over, and of two
 * resumes at once only one gets it.
 */
class RunOwnershipTest {

    private static final int PROBLEMS = 3;
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @TempDir Path dir;

    private String[] newRun(Path db, FakeOpenAiServer server) {
        return new String[] {"--db", db.toString(), "run", "--dataset", "sums", "--strategy", "spoc", "--max-turns", "1",
                "--model", server.spec(), "--concurrency", "1", "--quiet", "--json"};
    }

    private static String[] resume(Path db, String run, FakeOpenAiServer server) {
        return new String[] {"--db", db.toString(), "run", "--resume", run, "--model", server.spec(), "--quiet"};
    }

    @Test
    void aResumeWhileTheOwnerStillRunsIsRefusedNamingItsProcessAndHost() throws Exception {
        Path db = dir.resolve("e.db");
        RunFixtures.sums(dir, db, PROBLEMS);
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            FakeOpenAiServer.Hold first = server.holdNext();
            ChildErrata.Child owner = ChildErrata.start(dir, Map.of(), newRun(db, server));
            first.await();
            String run = RunFixtures.leasedRun(db);
            assertThat(run).as("the owner took the run's lease before its first call").isNotNull();

            ChildErrata.Result second = ChildErrata.run(dir, Map.of(), resume(db, run, server));
            assertThat(second.code()).as(second.err()).isNotZero();
            assertThat(second.errLines()).hasSize(1);
            assertThat(second.err()).contains("run " + run + " is being worked on by process " + owner.pid())
                    .contains(" on " + InetAddress.getLocalHost().getHostName()).doesNotContain("\tat ");

            first.release();
            ChildErrata.Result done = owner.finish(LIMIT);
            assertThat(done.code()).as(done.err()).isZero();
            RunFixtures.assertOneTreePerTrace(db, run, PROBLEMS);
            assertThat(RunFixtures.leases(db)).as("released at the end").isZero();
        }
    }

    @Test
    void aKilledOwnersRunIsTakenOverAndOfTwoResumesAtOnceOnlyOneWorks() throws Exception {
        Path db = dir.resolve("e.db");
        RunFixtures.sums(dir, db, PROBLEMS);
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            FakeOpenAiServer.Hold first = server.holdNext();
            ChildErrata.Child owner = ChildErrata.start(dir, Map.of(), newRun(db, server));
            first.awaitFrom(owner);
            String run = RunFixtures.leasedRun(db);
            owner.process().destroyForcibly().waitFor();
            assertThat(RunFixtures.leases(db)).as("a killed owner leaves its lease").isEqualTo(1);

            FakeOpenAiServer.Hold again = server.holdNext();
            ChildErrata.Child successor = ChildErrata.start(dir, Map.of(), resume(db, run, server));
            again.awaitFrom(successor);
            ChildErrata.Result other = ChildErrata.run(dir, Map.of(), resume(db, run, server));
            assertThat(other.code()).as(other.err()).isNotZero();
            assertThat(other.err()).contains("is being worked on by process " + successor.pid());

            again.release();
            first.release();
            ChildErrata.Result done = successor.finish(LIMIT);
            assertThat(done.code()).as(done.err()).isZero();
            for (Trace t : RunFixtures.assertOneTreePerTrace(db, run, PROBLEMS)) {
                assertThat(t.status()).isEqualTo(TraceStatus.FINISHED);
            }
            try (Database d = Database.open(db)) {
                assertThat(new TraceStore(d).run(new RunId(run)).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
            }
            assertThat(RunFixtures.leases(db)).isZero();
        }
    }
}
