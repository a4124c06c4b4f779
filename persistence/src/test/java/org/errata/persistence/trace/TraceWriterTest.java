package org.errata.persistence.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.errata.correction.metrics.TraceSummary;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.persistence.TestTraces;
import org.errata.persistence.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceWriterTest {
    @TempDir Path dir;
    Database db;
    TraceStore store;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
        store = new TraceStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static void emit(TraceWriter w, Trace t) {
        w.on(new LoopEvent.TraceStarted(t.run(), t.problem()));
        for (TraceNode n : t.nodes()) {
            w.on(new LoopEvent.NodeStarted(t.run(), t.problem(), n.id(), n.parent(), n.nodeKind(), "x"));
            w.on(new LoopEvent.TokenDelta(t.run(), t.problem(), n.id(), "tok"));
            w.on(new LoopEvent.NodeAdded(t.run(), t.problem(), n));
        }
        w.on(new LoopEvent.TraceFinished(t.run(), t.problem(), t.status(), t.finalAnswer(), t.correct()));
    }

    @Test
    void persistsARunAsItStreams() throws Exception {
        Run run = TestTraces.run("gsm8k");
        Trace t0 = TestTraces.everyNodeType(run.id(), ProblemId.of("gsm8k", "0"));
        Trace t1 = TestTraces.everyNodeType(run.id(), ProblemId.of("gsm8k", "1"));
        try (TraceWriter w = new TraceWriter(db)) {
            w.on(new LoopEvent.RunStarted(run));
            emit(w, t0);
            w.flush();
            assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            emit(w, t1);
            w.on(new LoopEvent.RunEnded(run.id(), LoopEvent.RunOutcome.CANCELLED, "user stop"));
        }
        assertThat(store.run(run.id()).orElseThrow()).isEqualTo(run.withStatus(RunStatus.STOPPED));
        assertThat(store.loadTrace(run.id(), t0.problem())).isEqualTo(t0);
        assertThat(store.loadTrace(run.id(), t1.problem())).isEqualTo(t1);
    }

    @Test
    void aRestartedTraceReplacesTheNodesAKilledRunLeft() throws Exception {
        Run run = TestTraces.run("gsm8k");
        ProblemId p = ProblemId.of("gsm8k", "0");
        Trace full = TestTraces.everyNodeType(run.id(), p);
        try (TraceWriter w = new TraceWriter(db)) {
            w.on(new LoopEvent.RunStarted(run));
            w.on(new LoopEvent.TraceStarted(run.id(), p));
            for (TraceNode n : full.nodes().subList(0, 4)) w.on(new LoopEvent.NodeAdded(run.id(), p, n));
        }
        // The process "died" here: the partial tree is RUNNING and not among the finished problems.
        assertThat(store.loadTrace(run.id(), p).status()).isEqualTo(TraceStatus.RUNNING);
        assertThat(store.loadTrace(run.id(), p).nodes()).hasSize(4);
        assertThat(store.finishedProblems(run.id())).isEmpty();
        assertThat(store.searchAttempts("answer", 5)).hasSize(1);

        try (TraceWriter w = new TraceWriter(db)) {
            w.on(new LoopEvent.RunStarted(run));
            emit(w, full);
            w.on(new LoopEvent.RunEnded(run.id(), LoopEvent.RunOutcome.FINISHED, null));
        }
        assertThat(store.loadTrace(run.id(), p)).isEqualTo(full);
        assertThat(store.finishedProblems(run.id())).containsExactly(p);
        assertThat(store.searchAttempts("answer", 5)).hasSize(1);
        assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
    }

    @Test
    void aFailedBatchIsReportedByFlush() throws Exception {
        Run run = TestTraces.run("gsm8k");
        ProblemId p = ProblemId.of("gsm8k", "0");
        Trace t = TestTraces.everyNodeType(run.id(), p);
        TraceWriter w = new TraceWriter(db);
        w.on(new LoopEvent.RunStarted(run));
        emit(w, t);
        w.flush();
        // The same node ids again in another trace violate the unique node id.
        w.on(new LoopEvent.TraceStarted(run.id(), ProblemId.of("gsm8k", "1")));
        w.on(new LoopEvent.NodeAdded(run.id(), ProblemId.of("gsm8k", "1"), t.nodes().getFirst()));
        org.assertj.core.api.Assertions.assertThatThrownBy(w::flush)
                .isInstanceOf(org.errata.persistence.db.PersistenceException.class)
                .hasMessageContaining("UNIQUE");
        assertThat(w.failure()).isPresent();
        org.assertj.core.api.Assertions.assertThatThrownBy(w::close)
                .isInstanceOf(org.errata.persistence.db.PersistenceException.class);
    }

    /**
     * A reader keeps loading trees while the writer streams: every tree it sees as FINISHED is
     * complete, and the reader is never blocked long enough to fail.
     */
    @Test
    void readersReadWhileTheWriterStreams() throws Exception {
        Run run = TestTraces.run("gsm8k");
        int problems = 300;
        List<Trace> traces = new ArrayList<>();
        for (int i = 0; i < problems; i++) traces.add(TestTraces.everyNodeType(run.id(), ProblemId.of("gsm8k", "" + i)));
        int nodesPerTree = traces.getFirst().nodes().size();

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        AtomicInteger finishedSeen = new AtomicInteger();
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch readerStarted = new CountDownLatch(1);
        CountDownLatch firstFinishedSeen = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                readerStarted.countDown();
                while (writing.get() || reads.get() == 0) {
                    for (TraceSummary s : store.traces(run.id(), 0, problems)) {
                        Optional<Trace> t = store.trace(run.id(), s.problem());
                        reads.incrementAndGet();
                        if (t.isPresent() && t.get().status() == TraceStatus.FINISHED) {
                            assertThat(t.get().nodes()).hasSize(nodesPerTree);
                            finishedSeen.incrementAndGet();
                            firstFinishedSeen.countDown();
                        }
                    }
                }
            } catch (Throwable e) {
                readerFailure.set(e);
                firstFinishedSeen.countDown();
            }
        });
        readerStarted.await();
        try (TraceWriter w = new TraceWriter(db)) {
            w.on(new LoopEvent.RunStarted(run));
            for (int i = 0; i < problems; i++) {
                emit(w, traces.get(i));
                // Let the reader see the first finished tree while the writer still has work queued.
                if (i == problems / 2) {
                    w.flush();
                    firstFinishedSeen.await();
                }
            }
            w.on(new LoopEvent.RunEnded(run.id(), LoopEvent.RunOutcome.FINISHED, null));
        }
        writing.set(false);
        reader.join();
        assertThat(readerFailure.get()).isNull();
        assertThat(finishedSeen.get()).isPositive();
        assertThat(store.finishedProblems(run.id())).hasSize(problems);
        assertThat(store.traces(run.id(), 0, problems)).allSatisfy(s -> assertThat(s.nodeCount()).isEqualTo(nodesPerTree));
        assertThat(NodeId.random()).isNotNull();
    }
}
