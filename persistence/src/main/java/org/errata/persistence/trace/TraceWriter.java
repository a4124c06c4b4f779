package org.errata.persistence.trace;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.trace.RunStatus;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.TraceBatch.TraceKey;
import org.jspecify.annotations.Nullable;

/**
 * Persists a run's events as they stream. {@link #on} only queues (it never blocks the engine);
 * one writer thread takes the queue in batches (up to {@value #MAX_BATCH} events or
 * {@value #MAX_DELAY_MS} ms) and commits each batch in one {@code BEGIN IMMEDIATE} transaction,
 * so readers on other connections see whole batches and never a half-written tree as finished.
 * Its statements are prepared once for the thread's life and node rows go in with
 * {@code executeBatch} ({@link TraceBatch}); commits use synchronous=NORMAL (see {@link Database}).
 *
 * <p>{@code TraceStarted} deletes any nodes a killed run left for that problem, which is what
 * makes a resumed run free of duplicates. {@code NodeStarted} and {@code TokenDelta} are ignored.
 * If a batch fails the writer stops writing and {@link #flush()} / {@link #close()} report why.
 */
public final class TraceWriter implements LoopListener, AutoCloseable {
    /** The name of the writer thread (for profilers and benchmarks). */
    public static final String THREAD_NAME = "errata-trace-writer";
    static final int MAX_BATCH = 2_000;
    static final long MAX_DELAY_MS = 50;

    private sealed interface Item {}

    private record Event(LoopEvent event) implements Item {}

    private record Flush(CountDownLatch done) implements Item {}

    private record Stop() implements Item {}

    private final Database db;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong nodesWritten = new AtomicLong();
    private final Set<TraceKey> knownTraces = new HashSet<>();
    private volatile @Nullable PersistenceException failure;
    private volatile boolean closed;

    public TraceWriter(Database db) {
        this.db = db;
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon(true).unstarted(this::loop);
        thread.start();
    }

    @Override
    public void on(LoopEvent event) {
        switch (event) {
            case LoopEvent.NodeStarted ignored -> { }
            case LoopEvent.TokenDelta ignored -> { }
            default -> {
                if (closed) throw new IllegalStateException("trace writer is closed");
                queue.add(new Event(event));
            }
        }
    }

    /** Waits until every event queued so far is committed. */
    public void flush() throws PersistenceException {
        if (!thread.isAlive()) {
            rethrowFailure();
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        queue.add(new Flush(done));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted while waiting for the trace writer", e);
        }
        rethrowFailure();
    }

    /** Nodes committed so far. */
    public long nodesWritten() {
        return nodesWritten.get();
    }

    /** Why the writer stopped writing, if it did. */
    public Optional<PersistenceException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Drains the queue, commits it and stops the writer thread. */
    @Override
    public void close() throws PersistenceException {
        if (closed) {
            rethrowFailure();
            return;
        }
        closed = true;
        queue.add(new Stop());
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException("interrupted while closing the trace writer", e);
        }
        rethrowFailure();
    }

    private void rethrowFailure() throws PersistenceException {
        PersistenceException f = failure;
        if (f != null) throw new PersistenceException(f.getMessage(), f);
    }

    private void loop() {
        try (Connection c = db.connect();
             TraceBatch statements = new TraceBatch(c)) {
            List<Item> batch = new ArrayList<>(MAX_BATCH);
            boolean running = true;
            while (running) {
                batch.clear();
                collect(batch);
                List<LoopEvent> events = new ArrayList<>(batch.size());
                List<CountDownLatch> flushes = new ArrayList<>();
                for (Item item : batch) {
                    switch (item) {
                        case Event e -> events.add(e.event());
                        case Flush f -> flushes.add(f.done());
                        case Stop s -> running = false;
                    }
                }
                if (!events.isEmpty() && failure == null) write(c, statements, events);
                flushes.forEach(CountDownLatch::countDown);
            }
        } catch (SQLException e) {
            fail(new PersistenceException("the trace writer cannot use " + db.file() + ": " + e.getMessage(), e));
        } catch (InterruptedException e) {
            fail(new PersistenceException("the trace writer was interrupted", e));
        } finally {
            // Nobody may wait forever on a writer that is gone.
            Item left;
            while ((left = queue.poll()) != null) {
                if (left instanceof Flush f) f.done().countDown();
            }
        }
    }

    /** Blocks for one item, then gathers more until the batch is full, the delay is up, or a flush/stop asks. */
    private void collect(List<Item> batch) throws InterruptedException {
        Item first = queue.take();
        batch.add(first);
        if (!(first instanceof Event)) return;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_DELAY_MS);
        while (batch.size() < MAX_BATCH) {
            queue.drainTo(batch, MAX_BATCH - batch.size());
            if (!(batch.getLast() instanceof Event) || batch.size() >= MAX_BATCH) return;
            long left = deadline - System.nanoTime();
            if (left <= 0) return;
            Item next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) return;
            batch.add(next);
            if (!(next instanceof Event)) return;
        }
    }

    private void write(Connection c, TraceBatch out, List<LoopEvent> events) {
        Set<TraceKey> startedHere = new HashSet<>();
        try {
            long nodes = Database.inImmediateTransaction(c, conn -> {
                long count = 0;
                Instant now = Instant.now();
                for (LoopEvent event : events) {
                    switch (event) {
                        case LoopEvent.RunStarted e -> out.upsertRun(e.record().withStatus(RunStatus.RUNNING));
                        case LoopEvent.TraceStarted e -> {
                            TraceKey key = new TraceKey(e.run(), e.problem());
                            out.startTrace(key, now);
                            startedHere.add(key);
                        }
                        case LoopEvent.NodeAdded e -> {
                            TraceKey key = new TraceKey(e.run(), e.problem());
                            if (!knownTraces.contains(key) && startedHere.add(key)) {
                                // A node without a TraceStarted before it: make sure its trace row exists.
                                out.ensureTrace(key, now);
                            }
                            out.addNode(key, e.node());
                            count++;
                        }
                        case LoopEvent.TraceFinished e -> out.finishTrace(new TraceKey(e.run(), e.problem()),
                                e.status(), e.finalAnswer(), e.correct(), now);
                        case LoopEvent.RunEnded e -> out.setRunStatus(e.run(), switch (e.outcome()) {
                            case FINISHED -> RunStatus.FINISHED;
                            case CANCELLED, FAILED -> RunStatus.STOPPED;
                        });
                        case LoopEvent.NodeStarted ignored -> { }
                        case LoopEvent.TokenDelta ignored -> { }
                    }
                }
                out.flush();
                return count;
            });
            knownTraces.addAll(startedHere);
            nodesWritten.addAndGet(nodes);
        } catch (SQLException | PersistenceException e) {
            try {
                out.discard();
            } catch (SQLException discardFailure) {
                e.addSuppressed(discardFailure);
            }
            fail(new PersistenceException("writing trace events to " + db.file() + " failed: " + e.getMessage(), e));
        }
    }

    private void fail(PersistenceException e) {
        if (failure == null) {
            failure = e;
            System.getLogger(TraceWriter.class.getName()).log(System.Logger.Level.ERROR, e.getMessage(), e);
        }
    }

}
