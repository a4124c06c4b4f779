package org.errata.persistence.trace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.errata.correction.metrics.TraceFilter;
import org.errata.correction.metrics.TraceOutcome;
import org.errata.correction.metrics.TraceSummary;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceStatus;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.FullTextQuery;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.db.SqlFile;

/**
 * Reads runs and trace trees, and the few synchronous writes that are not streamed: a whole run
 * record, a whole trace, a human label. Safe to call from any thread; every read sees one
 * consistent snapshot, so a tree the {@link TraceWriter} is still writing reads as RUNNING.
 */
public final class TraceStore {
    private static final String LIST_RUNS = """
            SELECT r.id, r.name, r.dataset, r.strategy, r.parameters, r.models, r.prompts, r.sampling,
                   r.uses_gold, r.errata_version, r.git_commit, r.created_at, r.status, r.recipe,
                   COUNT(t.problem_id) AS traces,
                   COALESCE(SUM(t.status IN ('finished', 'failed')), 0) AS done,
                   COALESCE(SUM(t.status IN ('finished', 'failed') AND t.correct IS NOT NULL), 0) AS graded,
                   COALESCE(SUM(t.status IN ('finished', 'failed') AND t.correct = 1), 0) AS right
            FROM run r LEFT JOIN trace t ON t.run_id = r.id
            GROUP BY r.id
            ORDER BY r.created_at, r.id""";

    private static final String FINISHED = """
            SELECT problem_id FROM trace WHERE run_id = ? AND status = 'finished'
            ORDER BY rowid""";

    /** Trace-list rows by key (see the file). */
    private static final String ROWS = SqlFile.load(TraceStore.class, "trace_rows.sql");

    private static final String TRACE_COUNT = "SELECT COUNT(*) FROM trace WHERE run_id = ?";

    /**
     * Traces in the order of their problems in the dataset (a batched run finishes them out of
     * order); traces whose problem is not in the library come last, in the order they were written.
     */
    private static final String TRACE_IDS = "SELECT t.problem_id FROM trace t INDEXED BY trace_list WHERE t.run_id = ? ORDER BY "
            + TraceListQuery.LIBRARY_ORDER;

    private static final String SEARCH_ATTEMPTS = """
            SELECT n.run_id, n.problem_id, n.id, snippet(attempt_fts, 0, '[', ']', '…', 12)
            FROM attempt_fts f JOIN node n ON n.pk = f.rowid
            WHERE attempt_fts MATCH ?
            ORDER BY rank
            LIMIT ?""";

    private static final String RENAME_RUN = "UPDATE run SET name = ? WHERE id = ?";

    private static final String TRACE_EXISTS = "SELECT 1 FROM trace WHERE run_id = ? AND problem_id = ?";

    private static final String NODE_EXISTS = "SELECT 1 FROM node WHERE id = ? AND run_id = ? AND problem_id = ?";

    private final Database db;

    public TraceStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    public Optional<Run> run(RunId id) throws PersistenceException {
        return Optional.ofNullable(db.read(c -> TraceRows.readRun(c, id)));
    }

    /** All runs, oldest first, with their progress and accuracy. */
    public List<RunSummary> runs() throws PersistenceException {
        return db.read(c -> {
            List<RunSummary> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(LIST_RUNS);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Run run = TraceRows.run(rs);
                    String model = run.model("student").or(() -> run.models().stream().findFirst())
                            .map(ModelRef::id).orElse("");
                    out.add(new RunSummary(run.id(), run.name(), run.dataset(), run.strategy(), model,
                            run.status(), run.createdAt(), rs.getInt("done"), rs.getInt("traces"),
                            rs.getInt("graded"), rs.getInt("right")));
                }
            }
            return out;
        });
    }

    /** Problems of {@code run} whose tree is finished: a resumed run skips them and retries failed ones. */
    public Set<ProblemId> finishedProblems(RunId run) throws PersistenceException {
        return db.read(c -> {
            Set<ProblemId> out = new LinkedHashSet<>();
            try (PreparedStatement ps = c.prepareStatement(FINISHED)) {
                ps.setString(1, run.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new ProblemId(rs.getString(1)));
                }
            }
            return out;
        });
    }

    /** The tree of one (run, problem), if it has been started. */
    public Optional<Trace> trace(RunId run, ProblemId problem) throws PersistenceException {
        return Optional.ofNullable(db.read(c -> TraceRows.readTrace(c, run, problem)));
    }

    /** The tree of one (run, problem); fails when there is none. */
    public Trace loadTrace(RunId run, ProblemId problem) throws PersistenceException {
        return trace(run, problem).orElseThrow(() ->
                new PersistenceException("run " + run + " has no trace for problem " + problem));
    }

    /** A page of the run's traces, in the order of their problems in the dataset. */
    public List<TraceSummary> traces(RunId run, int offset, int limit) throws PersistenceException {
        return traces(run, TraceFilter.ALL, offset, limit);
    }

    /**
     * A page of the run's traces that pass {@code filter}, in its order, each with its outcome: the
     * page's keys ({@link TraceListQuery}, over the trace rows, whose outcome columns are kept when
     * a trace finishes; nodes are read only through the full-text index), then its rows by key.
     */
    public List<TraceSummary> traces(RunId run, TraceFilter filter, int offset, int limit) throws PersistenceException {
        if (offset < 0 || limit < 0) throw new IllegalArgumentException("offset " + offset + ", limit " + limit);
        return db.read(c -> rows(c, run, keys(c, run, filter, limit, offset)));
    }

    /**
     * The keys of every trace of the run that passes {@code filter}, in its order: what a list
     * needs to know its length and to read any stretch of rows later ({@link #traceRows}),
     * without reading the rows themselves.
     */
    public long[] traceKeys(RunId run, TraceFilter filter) throws PersistenceException {
        return db.read(c -> keys(c, run, filter, -1, 0));
    }

    /**
     * The run's keys and outcomes held in memory, for lists that filter and order it again and
     * again without a query ({@link RunListing}); valid while {@link #listVersion} is its version.
     */
    public RunListing runListing(RunId run) throws PersistenceException {
        return db.read(c -> RunListing.read(c, run));
    }

    /**
     * A counter that moves whenever any trace row is written, changed or removed, by this process
     * or another (schema 9, {@code V9__list_version.sql}): one row read.
     */
    public long listVersion() throws PersistenceException {
        return db.read(TraceStore::listVersion);
    }

    static long listVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM list_version WHERE id = 0");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static long[] keys(Connection c, RunId run, TraceFilter filter, int limit, int offset) throws SQLException, PersistenceException {
        FullTextQuery text = FullTextQuery.words(filter.text());
        try {
            return TraceListQuery.keys(run, filter, text, limit, offset).read(c);
        } catch (SQLException e) {
            if (!filter.text().isEmpty()) throw text.failure(e);
            throw e;
        }
    }

    /**
     * The trace-list rows of {@code keys} (from {@link #traceKeys}), in that order, as
     * {@link #traces(RunId, TraceFilter, int, int)} gives them; a trace removed since the keys
     * were read is left out.
     */
    public List<TraceSummary> traceRows(RunId run, long[] keys) throws PersistenceException {
        return db.read(c -> rows(c, run, keys));
    }

    private static List<TraceSummary> rows(Connection c, RunId run, long[] keys) throws SQLException {
        if (keys.length == 0) return List.of();
        StringBuilder json = new StringBuilder(keys.length * 8).append('[');
        for (int i = 0; i < keys.length; i++) json.append(i == 0 ? "" : ",").append(keys[i]);
        List<TraceSummary> out = new ArrayList<>(keys.length);
        try (PreparedStatement ps = c.prepareStatement(ROWS)) {
            ps.setString(1, run.value());
            ps.setString(2, json.append(']').toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(summary(run, rs));
            }
        }
        return out;
    }

    /** Maps a row of {@code trace_rows.sql}. */
    private static TraceSummary summary(RunId run, ResultSet rs) throws SQLException {
        String problem = rs.getString("problem_id");
        String text = rs.getString("problem_text");
        TraceOutcome outcome = TraceRows.outcome(rs);
        return new TraceSummary(run, new ProblemId(problem), text == null ? problem : text,
                TraceStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getString("final_answer"),
                outcome.finalCorrect(), rs.getInt("nodes"), outcome);
    }

    public int traceCount(RunId run) throws PersistenceException {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(TRACE_COUNT)) {
                ps.setString(1, run.value());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** Every trace of the run with its nodes, in the order of their problems in the dataset (for metrics and export). */
    public List<Trace> traces(RunId run) throws PersistenceException {
        return db.read(c -> {
            List<ProblemId> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(TRACE_IDS)) {
                ps.setString(1, run.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(new ProblemId(rs.getString(1)));
                }
            }
            List<Trace> out = new ArrayList<>(ids.size());
            for (ProblemId id : ids) {
                Trace t = TraceRows.readTrace(c, run, id);
                if (t != null) out.add(t);
            }
            return out;
        });
    }

    /** Full-text search over attempt text for these words (see {@link FullTextQuery#words}), best matches first. */
    public List<AttemptHit> searchAttempts(String words, int limit) throws PersistenceException {
        return searchAttempts(FullTextQuery.words(words), limit);
    }

    /** Full-text search over attempt text, best matches first; nothing for an empty query. */
    public List<AttemptHit> searchAttempts(FullTextQuery query, int limit) throws PersistenceException {
        Optional<String> match = query.match();
        if (match.isEmpty()) return List.of();
        return db.read(c -> {
            List<AttemptHit> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SEARCH_ATTEMPTS)) {
                ps.setString(1, match.get());
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AttemptHit(new RunId(rs.getString(1)), new ProblemId(rs.getString(2)),
                                new NodeId(rs.getString(3)), rs.getString(4)));
                    }
                }
            } catch (SQLException e) {
                throw query.failure(e);
            }
            return out;
        });
    }

    /** Inserts or replaces a run record. */
    public void saveRun(Run run) throws PersistenceException {
        db.write(c -> {
            TraceRows.upsertRun(c, run);
            return null;
        });
    }

    /** Gives a run a new name (blank names are refused); fails when there is no such run. */
    public void renameRun(RunId run, String name) throws PersistenceException {
        String n = name.strip();
        if (n.isEmpty()) throw new PersistenceException("a run's name cannot be blank");
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(RENAME_RUN)) {
                ps.setString(1, n);
                ps.setString(2, run.value());
                if (ps.executeUpdate() == 0) throw new PersistenceException("no run " + run);
            }
            return null;
        });
    }

    public void setRunStatus(RunId run, RunStatus status) throws PersistenceException {
        db.write(c -> {
            TraceRows.setRunStatus(c, run, status);
            return null;
        });
    }

    /** Writes a whole trace in one transaction, replacing any earlier tree of that (run, problem). */
    public void saveTrace(Trace trace) throws PersistenceException {
        db.write(c -> {
            TraceRows.replaceTrace(c, trace, Instant.now());
            return null;
        });
    }

    /**
     * Adds a human label to an existing trace, durably, before returning. The label's parent must
     * be a node of that trace. The label replaces any earlier label by the same annotator on the
     * same node under the same segmenter (an edit of a label is a new version of it).
     */
    public void saveLabel(RunId run, ProblemId problem, HumanLabel label) throws PersistenceException {
        db.write(c -> {
            if (!exists(c, TRACE_EXISTS, run.value(), problem.value())) {
                throw new PersistenceException("run " + run + " has no trace for problem " + problem);
            }
            if (!exists(c, NODE_EXISTS, label.parent().value(), run.value(), problem.value())) {
                throw new PersistenceException("node " + label.parent() + " is not in the trace of " + problem);
            }
            TraceRows.replaceLabel(c, run, problem, label);
            return null;
        });
    }

    /** Deletes the label of {@code annotator} on node {@code parent} under {@code segmenter}, if there is one. */
    public void deleteLabel(RunId run, ProblemId problem, NodeId parent, String annotator, String segmenter)
            throws PersistenceException {
        db.write(c -> {
            TraceRows.deleteLabel(c, run, problem, parent, annotator, segmenter);
            return null;
        });
    }

    private static boolean exists(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setString(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
