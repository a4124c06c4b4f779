package org.errata.persistence.trace;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
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
 * but of ties (traces of problems the library does not hold, by when they were written).
 *
 * @param sql the statement
 * @param parameters its parameters, in order (strings and integers)
 */
record TraceListQuery(String sql, List<Object> parameters) {

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
        sql.append("\nORDER BY ").append(switch (filter.sort()) {
            case DATASET -> "";
            case ATTEMPTS -> "-t.attempts, ";
            case FIRST_ERROR -> "COALESCE(t.first_error, 1048576), ";
            case CORRECTED -> "CASE WHEN " + CORRECTED + " THEN 0 ELSE 1 END, ";
            case BROKEN -> "CASE WHEN " + BROKEN + " THEN 0 ELSE 1 END, ";
            case VERIFIER_MISSED -> "-t.verifier_missed, ";
            case FALSE_ALARMS -> "-t.false_alarms, ";
        }).append(LIBRARY_ORDER);
        sql.append("\nLIMIT ? OFFSET ?");
        ps.add(limit);
        ps.add(offset);
        return new TraceListQuery(sql.toString(), ps);
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
