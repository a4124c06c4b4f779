package org.errata.persistence.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.correction.engine.ModelSet;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.RunOptions;
import org.errata.correction.engine.RunRecords;
import org.errata.correction.engine.Strategy;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.persistence.TestTraces;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.io.ExportFormat;
import org.errata.persistence.io.Exporter;
import org.errata.persistence.io.ImportOptions;
import org.errata.persistence.io.Importer;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The answer checkers' verdicts where they disagree: recorded by the engine on the node, stored
 * in their own column, exported and imported, and absent (empty) in databases and files from
 * before they existed.
 */
class CheckerVerdictsTest {
    @TempDir Path dir;

    /** Gold 1/3: 0.33333 is equal within the numeric checker's 1e-4 but not as a string or exactly. */
    private static final Problem THIRD = Problem.of("thirds", "1", "What is 1 divided by 3?", "1/3");

    /** A two-sample majority vote: "0.33333" (checkers disagree) and "1/3" (all say equal). */
    private static Run runVote(Database db) throws Exception {
        new DatasetStore(db).saveProblems("thirds", "jsonl", List.of(THIRD));
        Strategy vote = StrategyRegistry.create("majority", java.util.Map.of("samples", 2)).orElseThrow();
        ModelSet models = ModelSet.of(ScriptedLanguageModel.replaying(
                "One third is about 0.33333, so \\boxed{0.33333}.", "Dividing, \\boxed{1/3}."));
        RunOptions options = RunOptions.defaults().withSampling(SamplingConfig.greedy()).withMaxTokensPerCall(100);
        Run run = RunRecords.create("verdicts", "thirds", vote, models, options, "test-version", null);
        try (TraceWriter writer = new TraceWriter(db)) {
            new RunEngine(vote, models, options).run(run, List.of(THIRD), Set.of(), writer, Cancellation.none());
        }
        return run;
    }

    @Test
    void theEngineStoresEachCheckersVerdictWhereTheyDisagree() throws Exception {
        try (Database db = Database.open(dir.resolve("errata.db"))) {
            Run run = runVote(db);
            Trace t = new TraceStore(db).loadTrace(run.id(), THIRD.id());
            List<Attempt> attempts = t.nodes(Attempt.class).toList();
            assertThat(attempts).extracting(Attempt::finalAnswer).containsExactly("0.33333", "1/3");
            // string: "0.33333" is not "1/3"; numeric: within 1e-4; symbolic and the CAS compare exactly.
            assertThat(attempts.get(0).correct()).isTrue();
            assertThat(attempts.get(0).checkerVerdicts()).containsExactly(
                    entry("string", false), entry("numeric", true), entry("symbolic", false), entry("cas", false));
            assertThat(attempts.get(1).correct()).isTrue();
            assertThat(attempts.get(1).checkerVerdicts()).isEmpty();
            Aggregate vote = t.nodes(Aggregate.class).findFirst().orElseThrow();
            assertThat(vote.answer()).isEqualTo("0.33333");
            assertThat(vote.checkerVerdicts()).isEqualTo(attempts.get(0).checkerVerdicts());

            // Stored in the column, NULL elsewhere, and not repeated in the payload.
            List<String> stored = db.read(c -> strings(c,
                    "SELECT checker_verdicts FROM node WHERE checker_verdicts IS NOT NULL ORDER BY seq"));
            assertThat(stored).containsExactly(
                    "{\"string\":false,\"numeric\":true,\"symbolic\":false,\"cas\":false}",
                    "{\"string\":false,\"numeric\":true,\"symbolic\":false,\"cas\":false}");
            List<String> payloads = db.read(c -> strings(c, "SELECT payload FROM node"));
            assertThat(payloads).isNotEmpty().noneMatch(p -> p.contains("checkerVerdicts"));
        }
    }

    @Test
    void exportAndImportKeepTheVerdictsAndOldFilesReadAsNone() throws Exception {
        Path exported = dir.resolve("run.jsonl");
        Run run;
        List<Trace> original;
        try (Database db = Database.open(dir.resolve("errata.db"))) {
            run = runVote(db);
            original = new TraceStore(db).traces(run.id());
            assertThat(new Exporter(db).exportRun(run.id(), ExportFormat.JSONL, exported)).isEqualTo(1);
        }
        String text = Files.readString(exported);
        // Only the two disagreeing nodes carry the field.
        assertThat(text.split("\"checkerVerdicts\"", -1)).hasSize(3);
        try (Database copy = Database.open(dir.resolve("copy.db"))) {
            new Importer(copy).importFile(exported, ImportOptions.defaults("test"));
            assertThat(new TraceStore(copy).traces(run.id())).isEqualTo(original);
        }

        // A file written before the field existed: the same line without it.
        JsonNode line = TraceJson.mapper().readTree(text.strip());
        for (JsonNode n : line.path("nodes")) ((ObjectNode) n.path("node")).remove("checkerVerdicts");
        Path old = dir.resolve("old.jsonl");
        Files.writeString(old, TraceJson.mapper().writeValueAsString(line) + "\n");
        assertThat(Files.readString(old)).doesNotContain("checkerVerdicts");
        try (Database copy = Database.open(dir.resolve("old.db"))) {
            new Importer(copy).importFile(old, ImportOptions.defaults("test"));
            Trace t = new TraceStore(copy).loadTrace(run.id(), THIRD.id());
            assertThat(t.nodes(Attempt.class)).hasSize(2).allMatch(a -> a.checkerVerdicts().isEmpty());
            assertThat(t.nodes(Aggregate.class)).hasSize(1).allMatch(g -> g.checkerVerdicts().isEmpty());
            assertThat(t.nodes()).hasSameSizeAs(original.getFirst().nodes());
        }
    }

    @Test
    void aSchemaOneDatabaseIsMigratedOnOpenAndItsNodesReadWithoutVerdicts() throws Exception {
        Path file = dir.resolve("v1.db");
        // The store as the build before schema 2 left it: only V1 applied, an attempt row with its payload.
        Flyway.configure(Database.class.getClassLoader())
                .dataSource("jdbc:sqlite:" + file, "", "")
                .locations("classpath:db/migration")
                .target("1")
                .load()
                .migrate();
        Run run = TestTraces.run("gsm8k");
        ProblemId problem = ProblemId.of("gsm8k", "0");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(columns(c)).doesNotContain("checker_verdicts");
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO run (id, name, dataset, strategy, parameters, models, prompts, sampling, uses_gold,
                                     errata_version, git_commit, created_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
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
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO trace (run_id, problem_id, status, final_answer, correct, started_at, finished_at)
                    VALUES (?, ?, 'finished', '5', 1, '2025-01-02T03:04:05Z', '2025-01-02T03:04:06Z')""")) {
                ps.setString(1, run.id().value());
                ps.setString(2, problem.value());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO node (id, run_id, problem_id, parent_id, seq, kind, turn, verdict, correct,
                                      first_error, step_index, payload)
                    VALUES ('a1', ?, ?, NULL, 0, 'attempt', 1, NULL, 1, NULL, NULL, ?)""")) {
                ps.setString(1, run.id().value());
                ps.setString(2, problem.value());
                ps.setString(3, """
                        {"turn":1,"role":"PROPOSER","model":"m","prompt":"Solve","text":"It is \\\\boxed{5}.",\
                        "finalAnswer":"5","extractedBy":"boxed","correct":true,\
                        "stats":{"tokensIn":3,"cachedTokensIn":0,"tokensOut":4,"latencyMs":5},\
                        "status":"OK","logprobs":[]}""");
                ps.executeUpdate();
            }
        }

        try (Database db = Database.open(file)) {
            List<String> migrated = db.read(CheckerVerdictsTest::columns);
            assertThat(migrated).contains("checker_verdicts");
            List<String> version = db.read(c -> strings(c, "SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history"));
            assertThat(version).as("migrated to the newest schema").containsExactly(String.valueOf(Database.SCHEMA_VERSION));
            Trace t = new TraceStore(db).loadTrace(run.id(), problem);
            assertThat(t.nodes()).containsExactly(new Attempt(new NodeId("a1"), null, 0, 1, AttemptRole.PROPOSER, "m",
                    "Solve", "It is \\boxed{5}.", "5", "boxed", true, Map.of(), new CallStats(3, 0, 4, 5),
                    NodeStatus.OK, null, List.of()));
        }
    }

    private static List<String> columns(Connection c) throws java.sql.SQLException {
        return strings(c, "SELECT name FROM pragma_table_info('node')");
    }

    private static List<String> strings(Connection c, String sql) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
