package org.errata.persistence.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.persistence.TestTraces;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceBatch.TraceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's batched statements and the compact node payload. */
class TraceBatchTest {
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

    @Test
    void aTraceRestartedWhileItsNodesAreQueuedKeepsOnlyTheNewNodes() throws Exception {
        Run run = TestTraces.run("gsm8k");
        store.saveRun(run);
        ProblemId p = ProblemId.of("gsm8k", "0");
        ProblemId other = ProblemId.of("gsm8k", "1");
        Trace first = TestTraces.everyNodeType(run.id(), p);
        Trace second = TestTraces.everyNodeType(run.id(), p);
        Trace neighbour = TestTraces.everyNodeType(run.id(), other);
        int sent = db.write(c -> {
            try (TraceBatch batch = new TraceBatch(c)) {
                Instant now = Instant.now();
                TraceKey key = new TraceKey(run.id(), p);
                TraceKey otherKey = new TraceKey(run.id(), other);
                batch.startTrace(key, now);
                batch.startTrace(otherKey, now);
                for (TraceNode n : first.nodes()) batch.addNode(key, n);
                for (TraceNode n : neighbour.nodes()) batch.addNode(otherKey, n);
                // The restart must first send the queued rows of that trace, then delete them.
                batch.startTrace(key, now);
                for (TraceNode n : second.nodes()) batch.addNode(key, n);
                batch.finishTrace(key, second.status(), second.finalAnswer(), second.correct(), now);
                batch.finishTrace(otherKey, neighbour.status(), neighbour.finalAnswer(), neighbour.correct(), now);
                return batch.flush();
            }
        });
        assertThat(sent).isEqualTo(second.nodes().size());
        assertThat(store.loadTrace(run.id(), p)).isEqualTo(second);
        assertThat(store.loadTrace(run.id(), other)).isEqualTo(neighbour);
        assertThat(store.searchAttempts("answer", 10)).hasSize(2);
    }

    @Test
    void nodesWithoutATraceStartedEventGetARunningTrace() throws Exception {
        Run run = TestTraces.run("gsm8k");
        ProblemId p = ProblemId.of("gsm8k", "7");
        Trace t = TestTraces.everyNodeType(run.id(), p);
        try (TraceWriter w = new TraceWriter(db)) {
            w.on(new LoopEvent.RunStarted(run));
            for (TraceNode n : t.nodes()) w.on(new LoopEvent.NodeAdded(run.id(), p, n));
        }
        Trace loaded = store.loadTrace(run.id(), p);
        assertThat(loaded.status()).isEqualTo(TraceStatus.RUNNING);
        assertThat(loaded.nodes()).isEqualTo(t.nodes());
    }

    @Test
    void payloadsLeaveOutNullsAndTheRowColumnsButKeepTheAttemptText() throws Exception {
        Run run = TestTraces.run("gsm8k");
        store.saveRun(run);
        Trace t = TestTraces.everyNodeType(run.id(), ProblemId.of("gsm8k", "0"));
        store.saveTrace(t);
        List<String> payloads = db.read(c -> column(c, "SELECT payload FROM node ORDER BY seq"));
        assertThat(payloads).hasSize(t.nodes().size());
        for (String payload : payloads) {
            JsonNode json = TraceJson.mapper().readTree(payload);
            assertThat(json.has("id")).as(payload).isFalse();
            assertThat(json.has("parent")).as(payload).isFalse();
            assertThat(json.has("seq")).as(payload).isFalse();
            json.properties().forEach(e -> assertThat(e.getValue().isNull()).as(e.getKey()).isFalse());
        }
        // The first node is an attempt whose error is null: left out, and read back as null.
        assertThat(payloads.getFirst()).doesNotContain("\"error\"").contains("\"text\":");
        assertThat(store.loadTrace(t.run(), t.problem())).isEqualTo(t);
    }

    @Test
    void idsThatNeedJsonEscapingRoundTrip() throws Exception {
        Run run = TestTraces.run("gsm8k");
        store.saveRun(run);
        Trace t = TestTraces.everyNodeType(run.id(), ProblemId.of("gsm8k", "0"));
        List<TraceNode> nodes = new ArrayList<>(t.nodes());
        NodeId odd = new NodeId("step \"7\" \\ \u00e9\n{}");
        nodes.add(new Step(odd, nodes.getFirst().id(), 9, 2, 0, 4, "line"));
        nodes.add(new Step(NodeId.random(), odd, 10, 3, 4, 8, "line"));
        Trace withOdd = new Trace(t.run(), t.problem(), t.status(), t.finalAnswer(), t.correct(), nodes);
        store.saveTrace(withOdd);
        assertThat(store.loadTrace(t.run(), t.problem())).isEqualTo(withOdd);
    }

    @Test
    void wholeRecordPayloadsOfOlderDatabasesStillRead() throws Exception {
        Run run = TestTraces.run("gsm8k");
        store.saveRun(run);
        Trace t = TestTraces.everyNodeType(run.id(), ProblemId.of("gsm8k", "0"));
        store.saveTrace(t);
        // Rewrite every payload the way the first schema's writer did: the whole record, nulls included.
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE node SET payload = ? WHERE id = ?")) {
                for (TraceNode n : t.nodes()) {
                    ps.setString(1, TraceJson.write(n));
                    ps.setString(2, n.id().value());
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
            }
            return null;
        });
        List<String> payloads = db.read(c -> column(c, "SELECT payload FROM node ORDER BY seq"));
        assertThat(payloads.getFirst()).contains("\"id\":\"" + t.nodes().getFirst().id().value() + "\"");
        assertThat(store.loadTrace(t.run(), t.problem())).isEqualTo(t);
    }

    private static List<String> column(Connection c, String sql) throws java.sql.SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
