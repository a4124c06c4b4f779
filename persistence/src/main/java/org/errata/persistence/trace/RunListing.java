package org.errata.persistence.trace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import org.errata.correction.metrics.TraceFilter;
import org.errata.correction.metrics.TraceOutcome;
import org.errata.correction.trace.RunId;

/**
 * What the trace list filters and orders one run by, held in memory: each trace's key and outcome,
 * in the library's order, read at one {@link TraceStore#listVersion}. A filter without text then
 * lists the run in a few milliseconds instead of a query (which reads every trace of the run again;
 * 50-250 ms for a run of 100,000 on 2 cores), with the keys {@link TraceStore#traceKeys} gives:
 * {@link TraceFilter#admits} and {@link TraceFilter#sortKey} are the conditions and orders of
 * {@link TraceListQuery}, and the store's tests check the two agree. About 50 bytes a trace.
 */
public final class RunListing {

    private static final String ROWS = "SELECT t.rowid, t.attempts, t.first_correct, t.correct, t.last_verdict, t.verifier_missed,"
            + " t.false_alarms, t.first_error FROM trace t INDEXED BY trace_list WHERE t.run_id = ? ORDER BY "
            + TraceListQuery.LIBRARY_ORDER;

    private final RunId run;
    private final long version;
    private final long[] keys;
    private final TraceOutcome[] outcomes;

    private RunListing(RunId run, long version, long[] keys, TraceOutcome[] outcomes) {
        this.run = run;
        this.version = version;
        this.keys = keys;
        this.outcomes = outcomes;
    }

    /** Reads the run's listing and the counter it belongs to; {@code c} is in one read transaction. */
    static RunListing read(Connection c, RunId run) throws SQLException {
        long version = TraceStore.listVersion(c);
        long[] keys = new long[1024];
        TraceOutcome[] outcomes = new TraceOutcome[1024];
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(ROWS)) {
            ps.setString(1, run.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == keys.length) {
                        keys = Arrays.copyOf(keys, n * 2);
                        outcomes = Arrays.copyOf(outcomes, n * 2);
                    }
                    keys[n] = rs.getLong(1);
                    outcomes[n] = TraceRows.outcome(rs);
                    n++;
                }
            }
        }
        return new RunListing(run, version, Arrays.copyOf(keys, n), Arrays.copyOf(outcomes, n));
    }

    public RunId run() {
        return run;
    }

    /** The {@link TraceStore#listVersion} it was read at: it lists the run as the store does while the store still has it. */
    public long version() {
        return version;
    }

    public int size() {
        return keys.length;
    }

    /**
     * The keys of the traces that pass {@code filter}, in its order (ties in the library's), as
     * {@link TraceStore#traceKeys} gives them at {@link #version}. A filter with text needs the
     * full-text index: it is refused here.
     */
    public long[] keys(TraceFilter filter) {
        if (!filter.text().isEmpty()) throw new IllegalArgumentException("a search is answered by the store, not by a listing");
        long[] passed = new long[keys.length];
        long[] order = filter.sort() != TraceFilter.Sort.DATASET ? new long[keys.length] : null;
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (!filter.admits(outcomes[i])) continue;
            passed[n] = keys[i];
            if (order != null) order[n] = TraceListQuery.orderEntry(filter.sortKey(outcomes[i]), n);
            n++;
        }
        return order == null ? Arrays.copyOf(passed, n) : TraceListQuery.inOrder(passed, order, n, 0, -1);
    }
}
