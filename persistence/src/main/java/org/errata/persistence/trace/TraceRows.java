package org.errata.persistence.trace;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.errata.correction.metrics.TraceOutcome;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.persistence.db.PersistenceException;
import org.jspecify.annotations.Nullable;

/**
 * Row mapping of runs, traces and nodes, on a connection the caller owns (and whose transaction
 * it runs). Every value is bound as a parameter. A node's payload is its record as compact JSON
 * without the {@code id}, {@code parent} and {@code seq} its row holds as columns; rows with the
 * whole record (as the first writer stored them) read the same. An attempt's or aggregate's
 * checker verdicts (recorded only where the checkers disagreed) live in their own
 * {@code checker_verdicts} column as JSON, NULL when there are none, and not in the payload.
 */
public final class TraceRows {
    private TraceRows() {}

    static final String UPSERT_RUN = """
            INSERT INTO run (id, name, dataset, strategy, parameters, models, prompts, sampling, uses_gold,
                             errata_version, git_commit, created_at, status, recipe)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, dataset = excluded.dataset, strategy = excluded.strategy,
                parameters = excluded.parameters, models = excluded.models, prompts = excluded.prompts,
                sampling = excluded.sampling, uses_gold = excluded.uses_gold,
                errata_version = excluded.errata_version, git_commit = excluded.git_commit,
                created_at = excluded.created_at, status = excluded.status, recipe = excluded.recipe""";

    static final String SET_RUN_STATUS = "UPDATE run SET status = ? WHERE id = ?";

    static final String ENSURE_TRACE = """
            INSERT OR IGNORE INTO trace (run_id, problem_id, status, started_at)
            VALUES (?, ?, 'running', ?)""";

    static final String RESTART_TRACE = """
            UPDATE trace SET status = 'running', final_answer = NULL, correct = NULL, started_at = ?, finished_at = NULL
            WHERE run_id = ? AND problem_id = ?""";

    static final String DELETE_NODES = "DELETE FROM node WHERE run_id = ? AND problem_id = ?";

    static final String FINISH_TRACE = """
            UPDATE trace SET status = ?, final_answer = ?, correct = ?, finished_at = ?
            WHERE run_id = ? AND problem_id = ?""";

    static final String INSERT_NODE = """
            INSERT INTO node (id, run_id, problem_id, parent_id, seq, kind, turn, verdict, correct,
                              first_error, step_index, payload, checker_verdicts)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    static final String SELECT_RUN = """
            SELECT id, name, dataset, strategy, parameters, models, prompts, sampling, uses_gold,
                   errata_version, git_commit, created_at, status, recipe
            FROM run WHERE id = ?""";

    static final String SELECT_TRACE = """
            SELECT status, final_answer, correct FROM trace WHERE run_id = ? AND problem_id = ?""";

    static final String SELECT_NODES = """
            SELECT kind, payload, id, parent_id, seq, checker_verdicts FROM node
            WHERE run_id = ? AND problem_id = ? ORDER BY seq, pk""";

    /** Recomputes a finished trace's outcome columns from its nodes (?1 run, ?2 problem). */
    static final String REFRESH_OUTCOME = org.errata.persistence.db.SqlFile.load(TraceRows.class, "trace_outcome.sql");

    static final String NODE_OWNER = "SELECT run_id, problem_id FROM node WHERE id = ?";

    /** The run and problem whose trace holds node {@code id}, as "run/problem", or null when no stored node has it. */
    public static @Nullable String nodeOwner(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NODE_OWNER)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? "run " + rs.getString(1) + ", problem " + rs.getString(2) : null;
            }
        }
    }

    /** Where a stored node lives: its run, its problem and its kind. */
    public record NodeHome(RunId run, ProblemId problem, String kind) {}

    static final String NODE_HOME = "SELECT run_id, problem_id, kind FROM node WHERE id = ?";

    /** The run, problem and kind of stored node {@code id}, or null when no stored node has it. */
    public static @Nullable NodeHome nodeHome(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(NODE_HOME)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new NodeHome(new RunId(rs.getString(1)), new ProblemId(rs.getString(2)), rs.getString(3)) : null;
            }
        }
    }

    static final String DELETE_OWN_LABELS = """
            DELETE FROM node
            WHERE run_id = ? AND problem_id = ? AND parent_id = ? AND kind = 'human_label'
              AND json_extract(payload, '$.annotator') = ? AND json_extract(payload, '$.segmenter') = ?""";

    /** Deletes the label of {@code annotator} on node {@code parent} under {@code segmenter}, if there is one (the trace's outcome follows). */
    static void deleteLabel(Connection c, RunId run, ProblemId problem, NodeId parent, String annotator, String segmenter)
            throws SQLException {
        try (PreparedStatement del = c.prepareStatement(DELETE_OWN_LABELS)) {
            del.setString(1, run.value());
            del.setString(2, problem.value());
            del.setString(3, parent.value());
            del.setString(4, annotator);
            del.setString(5, segmenter);
            del.executeUpdate();
        }
        refreshOutcome(c, run, problem);
    }

    /**
     * Stores {@code label} in the trace of ({@code run}, {@code problem}), replacing any earlier
     * label by the same annotator on the same node under the same segmenter (an edit of a label is
     * a new version of it). The caller checks that the label's parent is a node of that trace.
     */
    public static void replaceLabel(Connection c, RunId run, ProblemId problem, HumanLabel label) throws SQLException {
        deleteLabel(c, run, problem, label.parent(), label.annotator(), label.segmenter());
        try (PreparedStatement ps = c.prepareStatement(INSERT_NODE)) {
            insertNode(ps, run, problem, label);
        }
        refreshOutcome(c, run, problem);
    }

    /** Inserts or replaces the run record. */
    public static void upsertRun(Connection c, Run run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_RUN)) {
            bindRun(ps, run);
            ps.executeUpdate();
        }
    }

    /** Binds {@code run} to {@code ps}, which must have been prepared from {@link #UPSERT_RUN}. */
    static void bindRun(PreparedStatement ps, Run run) throws SQLException {
        ps.setString(1, run.id().value());
        ps.setString(2, run.name());
        ps.setString(3, run.dataset());
        ps.setString(4, run.strategy());
        ps.setString(5, TraceJson.write(run.parameters()));
        ps.setString(6, TraceJson.write(run.models()));
        ps.setString(7, TraceJson.write(run.prompts()));
        ps.setString(8, TraceJson.write(run.sampling()));
        ps.setInt(9, run.usesGold() ? 1 : 0);
        ps.setString(10, run.erratVersion());
        ps.setString(11, run.gitCommit());
        ps.setString(12, run.createdAt().toString());
        ps.setString(13, run.status().name());
        ps.setString(14, run.recipe());
    }

    public static void setRunStatus(Connection c, RunId run, RunStatus status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SET_RUN_STATUS)) {
            ps.setString(1, status.name());
            ps.setString(2, run.value());
            ps.executeUpdate();
        }
    }

    /** Writes a whole trace (replacing any earlier tree of the same run and problem). */
    public static void replaceTrace(Connection c, Trace trace, Instant at) throws SQLException {
        startTrace(c, trace.run(), trace.problem(), at);
        try (PreparedStatement ps = c.prepareStatement(INSERT_NODE)) {
            for (TraceNode node : trace.nodes()) {
                bindNode(ps, trace.run(), trace.problem(), node);
                ps.addBatch();
            }
            if (!trace.nodes().isEmpty()) ps.executeBatch();
        }
        finishTrace(c, trace.run(), trace.problem(), trace.status(), trace.finalAnswer(), trace.correct(), at);
        refreshOutcome(c, trace.run(), trace.problem());
    }

    /** Recomputes the outcome columns of one trace from its nodes, after it finished or a label changed. */
    static void refreshOutcome(Connection c, RunId run, ProblemId problem) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(REFRESH_OUTCOME)) {
            bindOutcome(ps, run, problem);
            ps.executeUpdate();
        }
    }

    /** Binds {@code ps}, which must have been prepared from {@link #REFRESH_OUTCOME}. */
    static void bindOutcome(PreparedStatement ps, RunId run, ProblemId problem) throws SQLException {
        ps.setString(1, run.value());
        ps.setString(2, problem.value());
    }

    /** Creates the trace row as RUNNING and deletes any nodes a killed run left for it. */
    static void startTrace(Connection c, RunId run, ProblemId problem, Instant at) throws SQLException {
        try (PreparedStatement ins = c.prepareStatement(ENSURE_TRACE)) {
            ins.setString(1, run.value());
            ins.setString(2, problem.value());
            ins.setString(3, at.toString());
            if (ins.executeUpdate() == 1) return;
        }
        try (PreparedStatement del = c.prepareStatement(DELETE_NODES);
             PreparedStatement restart = c.prepareStatement(RESTART_TRACE)) {
            del.setString(1, run.value());
            del.setString(2, problem.value());
            del.executeUpdate();
            restart.setString(1, at.toString());
            restart.setString(2, run.value());
            restart.setString(3, problem.value());
            restart.executeUpdate();
        }
    }

    static void finishTrace(Connection c, RunId run, ProblemId problem, TraceStatus status,
                            @Nullable String finalAnswer, @Nullable Boolean correct, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FINISH_TRACE)) {
            bindFinish(ps, run, problem, status, finalAnswer, correct, at);
            ps.executeUpdate();
        }
    }

    /** Binds {@code ps}, which must have been prepared from {@link #FINISH_TRACE}. */
    static void bindFinish(PreparedStatement ps, RunId run, ProblemId problem, TraceStatus status,
                           @Nullable String finalAnswer, @Nullable Boolean correct, Instant at) throws SQLException {
        ps.setString(1, status.wireName());
        ps.setString(2, finalAnswer);
        setBoolean(ps, 3, correct);
        ps.setString(4, at.toString());
        ps.setString(5, run.value());
        ps.setString(6, problem.value());
    }

    /** Binds and executes {@code ps}, which must have been prepared from {@link #INSERT_NODE}. */
    static void insertNode(PreparedStatement ps, RunId run, ProblemId problem, TraceNode node) throws SQLException {
        bindNode(ps, run, problem, node);
        ps.executeUpdate();
    }

    /** Binds {@code node} to {@code ps}, which must have been prepared from {@link #INSERT_NODE}. */
    static void bindNode(PreparedStatement ps, RunId run, ProblemId problem, TraceNode node) throws SQLException {
        ps.setString(1, node.id().value());
        ps.setString(2, run.value());
        ps.setString(3, problem.value());
        ps.setString(4, node.parent() == null ? null : node.parent().value());
        ps.setInt(5, node.seq());
        ps.setString(6, node.nodeKind());
        Integer turn = null;
        String verdict = null;
        Boolean correct = null;
        Integer firstError = null;
        Integer stepIndex = null;
        switch (node) {
            case Attempt a -> {
                turn = a.turn();
                correct = a.correct();
            }
            case Step s -> stepIndex = s.index();
            case Verification v -> {
                verdict = v.verdict().wireName();
                firstError = v.predictedFirstError();
            }
            case ErrorLocation e -> stepIndex = e.stepIndex();
            case Correction ignored -> { }
            case Aggregate g -> correct = g.correct();
            case HumanLabel h -> firstError = h.firstErrorStep();
        }
        setInt(ps, 7, turn);
        ps.setString(8, verdict);
        setBoolean(ps, 9, correct);
        setInt(ps, 10, firstError);
        setInt(ps, 11, stepIndex);
        ps.setString(12, TraceJson.writePayload(node));
        ps.setString(13, TraceJson.checkerVerdictsColumn(node));
    }

    public static @Nullable Run readRun(Connection c, RunId id) throws SQLException, PersistenceException {
        try (PreparedStatement ps = c.prepareStatement(SELECT_RUN)) {
            ps.setString(1, id.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? run(rs) : null;
            }
        }
    }

    /** Maps a row with the columns of {@link #SELECT_RUN}. */
    static Run run(ResultSet rs) throws SQLException, PersistenceException {
        String id = rs.getString("id");
        try {
            return new Run(
                    new RunId(id),
                    rs.getString("name"),
                    rs.getString("dataset"),
                    rs.getString("strategy"),
                    TraceJson.readMap(rs.getString("parameters")),
                    TraceJson.readModels(rs.getString("models")),
                    TraceJson.readStringMap(rs.getString("prompts")),
                    TraceJson.mapper().readValue(rs.getString("sampling"), Sampling.class),
                    rs.getInt("uses_gold") != 0,
                    rs.getString("errata_version"),
                    rs.getString("git_commit"),
                    Instant.parse(rs.getString("created_at")),
                    RunStatus.valueOf(rs.getString("status")),
                    rs.getString("recipe"));
        } catch (IOException | RuntimeException e) {
            throw new PersistenceException("run " + id + " is stored damaged: " + e.getMessage(), e);
        }
    }

    public static @Nullable Trace readTrace(Connection c, RunId run, ProblemId problem) throws SQLException, PersistenceException {
        TraceStatus status;
        String finalAnswer;
        Boolean correct;
        try (PreparedStatement ps = c.prepareStatement(SELECT_TRACE)) {
            ps.setString(1, run.value());
            ps.setString(2, problem.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                status = TraceStatus.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT));
                finalAnswer = rs.getString(2);
                correct = getBoolean(rs, 3);
            }
        }
        List<TraceNode> nodes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_NODES)) {
            ps.setString(1, run.value());
            ps.setString(2, problem.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    nodes.add(node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getString(6)));
                }
            }
        }
        return new Trace(run, problem, status, finalAnswer, correct, nodes);
    }

    static TraceNode node(String kind, String payload, String id, @Nullable String parent, int seq,
                          @Nullable String checkerVerdicts) throws PersistenceException {
        try {
            return TraceJson.readPayload(kind, payload, id, parent, seq, checkerVerdicts);
        } catch (IOException | RuntimeException e) {
            throw new PersistenceException("a stored " + kind + " node is damaged: " + e.getMessage(), e);
        }
    }

    static void setInt(PreparedStatement ps, int index, @Nullable Integer value) throws SQLException {
        if (value == null) ps.setNull(index, Types.INTEGER);
        else ps.setInt(index, value);
    }

    static void setBoolean(PreparedStatement ps, int index, @Nullable Boolean value) throws SQLException {
        if (value == null) ps.setNull(index, Types.INTEGER);
        else ps.setInt(index, value ? 1 : 0);
    }

    /**
     * A trace row's outcome columns (schema 6), read by name: the rows of the trace list
     * ({@code TraceStore}) and a run's listing held in memory ({@link RunListing}).
     */
    static TraceOutcome outcome(ResultSet rs) throws SQLException {
        int firstError = rs.getInt("first_error");
        Integer step = rs.wasNull() ? null : firstError;
        String verdict = rs.getString("last_verdict");
        return new TraceOutcome(rs.getInt("attempts"), getBoolean(rs, rs.findColumn("first_correct")),
                getBoolean(rs, rs.findColumn("correct")), verdict == null ? null : Verdict.fromWire(verdict),
                rs.getInt("verifier_missed"), rs.getInt("false_alarms"), step);
    }

    static @Nullable Boolean getBoolean(ResultSet rs, int index) throws SQLException {
        int v = rs.getInt(index);
        return rs.wasNull() ? null : v != 0;
    }
}
