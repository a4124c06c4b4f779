package org.errata.persistence.trace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.errata.correction.metrics.TraceFilter;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.FullTextQuery;

/**
 * The trace list's query for one run, filter and order: the keys (trace rowids) of the traces that
 * pass, in order, read from the list index alone (V7, V8: it holds every column a condition or an
 * order reads). The one home of what each {@link TraceFilter} condition and {@link TraceFilter.Sort}
 * means in SQL; {@code trace_rows.sql} then reads the rows of any stretch of keys.
 *
 * <p>Only the filter's own conditions are written: a condition left open is not in the statement.
 * A statement with every condition in it and the open ones switched off by their parameters cost
 * about 1.2 µs a trace for evaluating them (167 ms against 44 ms for a run of 100,000 listed whole).
 * The library's order is the index's, so a run listed in it is read as the index lies, with no sort
 * but of ties (traces of problems the library does not hold, by when they were written). Any other
 * order is read the same way, each key with its sort key, and ordered in {@link #read}.
 *
 * @param sql the statement
 * @param parameters its parameters, in order (strings and integers)
 * @param sorted whether each row has its sort key after its key, for {@link #read} to order by;
 *     then {@code limit} (negative: all) and {@code offset} are applied there, else in the statement
 */
record TraceListQuery(String sql, List<Object> parameters, boolean sorted, int limit, int offset) {

    /** Traces whose problem the library holds come in their dataset's order; the others last, as written. */
    static final String LIBRARY_ORDER = "t.list_dataset IS NULL, t.list_dataset, t.list_ord, t.rowid";

    /** A trace wrong at first and right at the end; {@link #BROKEN}: the other way round. */
    private static final String CORRECTED = "t.first_correct = 0 AND t.correct = 1";
    private static final String BROKEN = "t.first_correct = 1 AND t.correct = 0";

    TraceListQuery {
        parameters = List.copyOf(parameters);
    }

    /**
     * The keys of the run's traces that pass {@code filter}, in its order, from {@code offset}
     * (a negative {@code limit}: all). A filter with text finds it as {@code query} matches in the
     * problem's or any attempt's text (the full-text indexes), or inside the problem id or final
     * answer.
     */
    static TraceListQuery keys(RunId run, TraceFilter filter, FullTextQuery query, int limit, int offset) {
        StringBuilder sql = new StringBuilder("SELECT t.rowid FROM trace t INDEXED BY trace_list WHERE t.run_id = ?");
        List<Object> ps = new ArrayList<>();
        ps.add(run.value());
        if (query.match().isPresent()) {
            String match = query.match().get();
            String lower = filter.text().toLowerCase(Locale.ROOT);
            sql.append("""

                     AND (t.problem_id IN (SELECT n.problem_id FROM attempt_fts f JOIN node n ON n.pk = f.rowid
                                           WHERE attempt_fts MATCH ? AND n.run_id = ?)
                          OR t.problem_id IN (SELECT p.id FROM problem_fts f JOIN problem p ON p.pk = f.rowid
                                              WHERE problem_fts MATCH ?)
                          OR instr(lower(t.problem_id), ?) > 0
                          OR instr(lower(COALESCE(t.final_answer, '')), ?) > 0)""");
            ps.addAll(List.of(match, run.value(), match, lower, lower));
        }
        switch (filter.correctness()) {
            case RIGHT -> sql.append("\n AND t.correct = 1");
            case WRONG -> sql.append("\n AND t.correct = 0");
            case UNGRADED -> sql.append("\n AND t.correct IS NULL");
            case ANY -> { }
        }
        if (filter.verdict() != null) {
            sql.append("\n AND t.last_verdict = ?");
            ps.add(filter.verdict().wireName());
        }
        sql.append(switch (filter.outcome()) {
            case CORRECTED -> "\n AND " + CORRECTED;
            case BROKEN -> "\n AND " + BROKEN;
            case VERIFIER_MISSED -> "\n AND t.verifier_missed > 0";
            case FALSE_ALARM -> "\n AND t.false_alarms > 0";
            case ERROR_LOCATED -> "\n AND t.first_error IS NOT NULL";
            case ANY -> "";
        });
        if (filter.minAttempts() > 0) {
            sql.append("\n AND t.attempts >= ?");
            ps.add(filter.minAttempts());
        }
        if (filter.firstErrorStep() != null) {
            sql.append("\n AND t.first_error = ?");
            ps.add(filter.firstErrorStep());
        }
        sql.append("\nORDER BY ").append(LIBRARY_ORDER);
        String sortKey = switch (filter.sort()) {
            case DATASET -> null;
            case ATTEMPTS -> "-t.attempts";
            case FIRST_ERROR -> "COALESCE(t.first_error, 1048576)";
            case CORRECTED -> "CASE WHEN " + CORRECTED + " THEN 0 ELSE 1 END";
            case BROKEN -> "CASE WHEN " + BROKEN + " THEN 0 ELSE 1 END";
            case VERIFIER_MISSED -> "-t.verifier_missed";
            case FALSE_ALARMS -> "-t.false_alarms";
        };
        if (sortKey == null) {
            sql.append("\nLIMIT ? OFFSET ?");
            ps.add(limit);
            ps.add(offset);
            return new TraceListQuery(sql.toString(), ps, false, -1, 0);
        }
        sql.insert("SELECT t.rowid".length(), ", " + sortKey);
        return new TraceListQuery(sql.toString(), ps, true, limit, offset);
    }

    /**
     * The keys, in the filter's order, from {@code offset}: read in the library's order (the
     * index's), and for another order each with its sort key, then ordered by the key in Java,
     * ties kept in the library's order. SQLite sorting the rows itself cost about twice reading
     * them (a run of 100,000 listed by attempts: 195 against 111 ms of CPU); the keys are small
     * integers, and sorting 100,000 of them takes a few milliseconds.
     */
    long[] read(Connection c) throws SQLException {
        long[] keys = new long[1024];
        long[] order = sorted ? new long[1024] : null;
        int n = 0;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == keys.length) {
                        keys = Arrays.copyOf(keys, n * 2);
                        if (order != null) order = Arrays.copyOf(order, n * 2);
                    }
                    keys[n] = rs.getLong(1);
                    if (order != null) order[n] = orderEntry(rs.getLong(2), n);
                    n++;
                }
            }
        }
        return order == null ? Arrays.copyOf(keys, n) : inOrder(keys, order, n, offset, limit);
    }

    /**
     * A key's entry for {@link #inOrder}: its sort key (clamped to an int) in the high half, its place
     * in the library's order in the low, so that a plain sort of the entries is stable.
     */
    static long orderEntry(long sortKey, int place) {
        return ((long) Math.clamp(sortKey, Integer.MIN_VALUE, Integer.MAX_VALUE) << 32) | place;
    }

    /**
     * The first {@code n} keys ordered by their entries ({@link #orderEntry}, sorted here in place),
     * from {@code offset}, at most {@code limit} of them (negative: all).
     */
    static long[] inOrder(long[] keys, long[] order, int n, int offset, int limit) {
        Arrays.sort(order, 0, n);
        int from = Math.min(offset, n);
        int to = limit < 0 ? n : (int) Math.min((long) from + limit, n);
        long[] out = new long[to - from];
        for (int i = from; i < to; i++) out[i - from] = keys[(int) (order[i] & 0xffffffffL)];
        return out;
    }

    /** Sets the parameters on a statement prepared from {@link #sql}. */
    void bind(PreparedStatement statement) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object p = parameters.get(i);
            if (p instanceof Integer n) statement.setInt(i + 1, n);
            else statement.setString(i + 1, (String) p);
        }
    }
}
