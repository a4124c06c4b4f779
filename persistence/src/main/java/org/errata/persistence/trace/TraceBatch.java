package org.errata.persistence.trace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.jspecify.annotations.Nullable;

/**
 * The trace writer's statements on its own connection, prepared once and reused for every
 * transaction (preparing is a parse of the SQL and, for node inserts, of the FTS trigger: it
 * cost more than the inserts themselves). Node rows are queued with {@code addBatch} and sent
 * in one {@code executeBatch}; every other statement runs at once. The caller runs the
 * transaction and calls {@link #flush()} before committing.
 *
 * <p>Order is kept where it matters: nodes need their trace row (foreign key), which is always
 * written at once, before them; a restart of a trace deletes its earlier nodes, so queued nodes
 * of that trace are sent first. Finishing a trace or changing the run does not touch node rows; a
 * finished trace's outcome columns are computed from its nodes when the batch is sent.
 */
final class TraceBatch implements AutoCloseable {
    private final PreparedStatement insertNode;
    private final PreparedStatement newTrace;
    private final PreparedStatement deleteNodes;
    private final PreparedStatement restartTrace;
    private final PreparedStatement finishTrace;
    private final PreparedStatement setRunStatus;
    private final PreparedStatement upsertRun;
    private final PreparedStatement refreshOutcome;
    private final Set<TraceKey> queuedTraces = new HashSet<>();
    /** Traces finished in this batch: their outcome columns are computed once their nodes are sent. */
    private final java.util.List<TraceKey> finished = new java.util.ArrayList<>();
    private int queued;

    record TraceKey(RunId run, ProblemId problem) {}

    TraceBatch(Connection c) throws SQLException {
        insertNode = c.prepareStatement(TraceRows.INSERT_NODE);
        newTrace = c.prepareStatement(TraceRows.ENSURE_TRACE);
        deleteNodes = c.prepareStatement(TraceRows.DELETE_NODES);
        restartTrace = c.prepareStatement(TraceRows.RESTART_TRACE);
        finishTrace = c.prepareStatement(TraceRows.FINISH_TRACE);
        setRunStatus = c.prepareStatement(TraceRows.SET_RUN_STATUS);
        upsertRun = c.prepareStatement(TraceRows.UPSERT_RUN);
        refreshOutcome = c.prepareStatement(TraceRows.REFRESH_OUTCOME);
    }

    void upsertRun(Run run) throws SQLException {
        TraceRows.bindRun(upsertRun, run);
        upsertRun.executeUpdate();
    }

    void setRunStatus(RunId run, RunStatus status) throws SQLException {
        setRunStatus.setString(1, status.name());
        setRunStatus.setString(2, run.value());
        setRunStatus.executeUpdate();
    }

    /**
     * Creates the trace row as RUNNING; when it already exists (a killed run left it), deletes
     * its nodes and marks it RUNNING again, which is what makes a resumed run free of duplicates.
     */
    void startTrace(TraceKey key, Instant at) throws SQLException {
        if (queuedTraces.contains(key)) flush();
        if (ensureTrace(key, at)) return;
        deleteNodes.setString(1, key.run().value());
        deleteNodes.setString(2, key.problem().value());
        deleteNodes.executeUpdate();
        restartTrace.setString(1, at.toString());
        restartTrace.setString(2, key.run().value());
        restartTrace.setString(3, key.problem().value());
        restartTrace.executeUpdate();
    }

    /** Creates the trace row as RUNNING unless it exists; true when it was created. */
    boolean ensureTrace(TraceKey key, Instant at) throws SQLException {
        newTrace.setString(1, key.run().value());
        newTrace.setString(2, key.problem().value());
        newTrace.setString(3, at.toString());
        return newTrace.executeUpdate() == 1;
    }

    /** Queues a node row; its trace row must have been written already. */
    void addNode(TraceKey key, TraceNode node) throws SQLException {
        TraceRows.bindNode(insertNode, key.run(), key.problem(), node);
        insertNode.addBatch();
        queuedTraces.add(key);
        queued++;
    }

    void finishTrace(TraceKey key, TraceStatus status, @Nullable String finalAnswer, @Nullable Boolean correct,
                     Instant at) throws SQLException {
        TraceRows.bindFinish(finishTrace, key.run(), key.problem(), status, finalAnswer, correct, at);
        finishTrace.executeUpdate();
        finished.add(key);
    }

    /** Sends the queued node rows, then computes the outcome of the traces finished since; returns how many rows there were. */
    int flush() throws SQLException {
        int n = queued;
        queued = 0;
        queuedTraces.clear();
        if (n > 0) insertNode.executeBatch();
        for (TraceKey key : finished) {
            TraceRows.bindOutcome(refreshOutcome, key.run(), key.problem());
            refreshOutcome.executeUpdate();
        }
        finished.clear();
        return n;
    }

    /** Forgets queued rows (after a failed transaction was rolled back). */
    void discard() throws SQLException {
        queued = 0;
        queuedTraces.clear();
        finished.clear();
        insertNode.clearBatch();
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement ps : new PreparedStatement[] {
                insertNode, newTrace, deleteNodes, restartTrace, finishTrace, setRunStatus, upsertRun, refreshOutcome}) {
            try {
                ps.close();
            } catch (SQLException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }
}
