package org.errata.persistence.dataset;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.TraceJson;
import org.jspecify.annotations.Nullable;

/** Row mapping of datasets and problems, on a connection (and transaction) the caller owns. */
public final class ProblemRows {
    private ProblemRows() {}

    static final String UPSERT_DATASET = """
            INSERT INTO dataset (name, format, source_path, created_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET format = excluded.format, source_path = excluded.source_path""";

    static final String ENSURE_DATASET = """
            INSERT OR IGNORE INTO dataset (name, format, source_path, created_at) VALUES (?, ?, ?, ?)""";

    static final String NEXT_ORD = "SELECT COALESCE(MAX(ord), 0) + 1 FROM problem WHERE dataset = ?";

    static final String UPSERT_PROBLEM = """
            INSERT INTO problem (id, dataset, key, ord, text, gold_answer, gold_solution, subject, level, extra)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                text = excluded.text, gold_answer = excluded.gold_answer,
                gold_solution = excluded.gold_solution, subject = excluded.subject,
                level = excluded.level, extra = excluded.extra""";

    static final String SELECT_GOLD = "SELECT id, gold_answer FROM problem WHERE dataset = ?";

    static final String RUNS_ON_PROBLEM = "SELECT DISTINCT run_id FROM trace WHERE problem_id = ? ORDER BY run_id";

    /** The stored gold answer of every problem of {@code dataset}, by problem id (null values kept). */
    public static java.util.Map<String, @Nullable String> goldAnswers(Connection c, String dataset) throws SQLException {
        java.util.Map<String, @Nullable String> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_GOLD)) {
            ps.setString(1, dataset);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    /** The runs that have a trace of any of {@code problemIds}, sorted. */
    public static java.util.SortedSet<String> runsOn(Connection c, java.util.Collection<String> problemIds) throws SQLException {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement(RUNS_ON_PROBLEM)) {
            for (String id : problemIds) {
                ps.setString(1, id);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Creates the dataset, or updates its format and source. */
    public static void upsertDataset(Connection c, String name, String format, @Nullable String sourcePath)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_DATASET)) {
            ps.setString(1, name);
            ps.setString(2, format);
            ps.setString(3, sourcePath);
            ps.setString(4, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /** Creates the dataset when absent; leaves an existing one as it is. */
    public static void ensureDataset(Connection c, String name, String format, @Nullable String sourcePath)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ENSURE_DATASET)) {
            ps.setString(1, name);
            ps.setString(2, format);
            ps.setString(3, sourcePath);
            ps.setString(4, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /**
     * A writer of problems into one dataset, keeping their order: new problems go after the
     * dataset's existing ones; a problem already stored (same id) is updated in place.
     */
    public static final class Writer implements AutoCloseable {
        private final PreparedStatement upsert;
        private int nextOrd;

        public Writer(Connection c, String dataset) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(NEXT_ORD)) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    nextOrd = rs.next() ? rs.getInt(1) : 1;
                }
            }
            upsert = c.prepareStatement(UPSERT_PROBLEM);
        }

        public void write(Problem p) throws SQLException {
            upsert.setString(1, p.id().value());
            upsert.setString(2, p.dataset());
            upsert.setString(3, p.key());
            upsert.setInt(4, nextOrd++);
            upsert.setString(5, p.text());
            upsert.setString(6, p.goldAnswer());
            upsert.setString(7, p.goldSolution());
            upsert.setString(8, p.subject());
            if (p.level() == null) upsert.setNull(9, Types.INTEGER);
            else upsert.setInt(9, p.level());
            upsert.setString(10, TraceJson.write(p.extra()));
            upsert.executeUpdate();
        }

        @Override
        public void close() throws SQLException {
            upsert.close();
        }
    }

    /** Maps a row of id, dataset, key, text, gold_answer, gold_solution, subject, level, extra. */
    static Problem problem(ResultSet rs) throws SQLException, PersistenceException {
        String id = rs.getString(1);
        try {
            int level = rs.getInt(8);
            Integer boxedLevel = rs.wasNull() ? null : level;
            return new Problem(new ProblemId(id), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), boxedLevel,
                    TraceJson.mapper().readValue(rs.getString(9), TraceJsonTypes.MAP));
        } catch (IOException | RuntimeException e) {
            throw new PersistenceException("problem " + id + " is stored damaged: " + e.getMessage(), e);
        }
    }
}
