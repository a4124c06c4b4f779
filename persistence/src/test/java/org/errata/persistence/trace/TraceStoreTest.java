package org.errata.persistence.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.errata.correction.metrics.TraceSummary;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Dataset;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceStatus;
import org.errata.persistence.TestTraces;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceStoreTest {
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
    void warmingUpReadsEveryKindOfNodeBackAsItWas() throws Exception {
        Trace trace = TestTraces.everyNodeType(TestTraces.run("gsm8k").id(), ProblemId.of("gsm8k", "0"));
        List<org.errata.correction.trace.TraceNode> back = TraceJson.warmUp(trace.nodes());
        assertThat(back).hasSameSizeAs(trace.nodes());
        for (int i = 0; i < back.size(); i++) {
            org.errata.correction.trace.TraceNode n = trace.nodes().get(i);
            assertThat(back.get(i)).as(n.nodeKind()).isEqualTo(n);
        }
        assertThat(back.stream().map(org.errata.correction.trace.TraceNode::nodeKind).distinct().count())
                .as("every kind of node").isEqualTo(7);
    }

    @Test
    void aTreeWithEveryNodeTypeRoundTrips() throws Exception {
        Run run = TestTraces.run("gsm8k");
        store.saveRun(run);
        Trace trace = TestTraces.everyNodeType(run.id(), ProblemId.of("gsm8k", "0"));
        store.saveTrace(trace);

        assertThat(store.run(run.id())).contains(run);
        Trace loaded = store.loadTrace(run.id(), trace.problem());
        assertThat(loaded).isEqualTo(trace);
        assertThat(loaded.nodes()).extracting(n -> n.nodeKind()).containsExactly(
                "attempt", "step", "step", "verification", "error_location", "correction", "attempt",
                "aggregate", "human_label");
    }

    @Test
    void theRunListCountsFinishedTracesAndAccuracy() throws Exception {
        Run run = TestTraces.run("gsm8k");
        store.saveRun(run.withStatus(RunStatus.FINISHED));
        store.saveTrace(TestTraces.everyNodeType(run.id(), ProblemId.of("gsm8k", "0")));
        Trace wrong = new Trace(run.id(), ProblemId.of("gsm8k", "1"), TraceStatus.FINISHED, "7", false, List.of());
        store.saveTrace(wrong);
        Trace ungraded = new Trace(run.id(), ProblemId.of("gsm8k", "2"), TraceStatus.FAILED, null, null, List.of());
        store.saveTrace(ungraded);

        RunSummary summary = store.runs().getFirst();
        assertThat(summary.id()).isEqualTo(run.id());
        assertThat(summary.model()).isEqualTo("tiny-llama");
        assertThat(summary.problems()).isEqualTo(3);
        assertThat(summary.graded()).isEqualTo(2);
        assertThat(summary.accuracy()).hasValue(0.5);
        assertThat(store.finishedProblems(run.id())).as("a failed tree is retried on resume")
                .containsExactly(ProblemId.of("gsm8k", "0"), ProblemId.of("gsm8k", "1"));

        List<TraceSummary> page = store.traces(run.id(), 1, 5);
        assertThat(page).extracting(TraceSummary::problem)
                .containsExactly(ProblemId.of("gsm8k", "1"), ProblemId.of("gsm8k", "2"));
        assertThat(store.traces(run.id(), 0, 1).getFirst().nodeCount()).isEqualTo(9);
        assertThat(store.traces(run.id())).hasSize(3);
    }

    @Test
    void tracesAreListedInTheirDatasetsOrderNotTheOrderTheyFinished() throws Exception {
        new DatasetStore(db).saveProblems("demo", "problems", List.of(Problem.of("demo", "a", "First?", "1"),
                Problem.of("demo", "b", "Second?", "2"), Problem.of("demo", "c", "Third?", "3")));
        Run run = TestTraces.run("demo");
        store.saveRun(run);
        // a batched run finishes them out of order; an ad-hoc problem outside the library comes last
        for (String key : List.of("c", "adhoc", "a", "b")) {
            store.saveTrace(new Trace(run.id(), ProblemId.of("demo", key), TraceStatus.FINISHED, null, null, List.of()));
        }
        List<ProblemId> expected = List.of(ProblemId.of("demo", "a"), ProblemId.of("demo", "b"),
                ProblemId.of("demo", "c"), ProblemId.of("demo", "adhoc"));
        assertThat(store.traces(run.id(), 0, 10)).extracting(TraceSummary::problem).containsExactlyElementsOf(expected);
        assertThat(store.traces(run.id(), 1, 2)).extracting(TraceSummary::problem)
                .containsExactlyElementsOf(expected.subList(1, 3));
        assertThat(store.traces(run.id())).extracting(Trace::problem).containsExactlyElementsOf(expected);
    }

    @Test
    void labelsAreSavedIntoTheirTraceAndMustHangUnderOneOfItsNodes() throws Exception {
        Run run = TestTraces.run("gsm8k");
        store.saveRun(run);
        ProblemId problem = ProblemId.of("gsm8k", "0");
        Trace trace = TestTraces.everyNodeType(run.id(), problem);
        store.saveTrace(trace);
        Attempt first = trace.attempts().getFirst();
        HumanLabel label = new HumanLabel(NodeId.random(), first.id(), 9, "bob", "paragraph", -1, List.of(1, 1),
                null, null, false, null, 500, Instant.parse("2025-02-01T00:00:00Z"));
        store.saveLabel(run.id(), problem, label);
        assertThat(store.loadTrace(run.id(), problem).nodes()).endsWith(label);

        HumanLabel orphan = new HumanLabel(NodeId.random(), NodeId.random(), 10, "bob", "paragraph", -1, List.of(),
                null, null, false, null, 0, Instant.now());
        assertThatThrownBy(() -> store.saveLabel(run.id(), problem, orphan))
                .isInstanceOf(PersistenceException.class).hasMessageContaining("not in the trace");
        assertThatThrownBy(() -> store.saveLabel(run.id(), ProblemId.of("gsm8k", "9"), label))
                .isInstanceOf(PersistenceException.class).hasMessageContaining("no trace");
    }

    @Test
    void aNewLabelReplacesTheSameAnnotatorsLabelOnlyAndKeepsOthers() throws Exception {
        Run run = TestTraces.run("gsm8k");
        store.saveRun(run);
        ProblemId problem = ProblemId.of("gsm8k", "0");
        Trace trace = TestTraces.everyNodeType(run.id(), problem);
        store.saveTrace(trace);
        Attempt first = trace.attempts().getFirst();
        HumanLabel bob1 = new HumanLabel(NodeId.random(), first.id(), 9, "bob", "paragraph", 1, List.of(1, -1),
                null, null, false, null, 500, Instant.parse("2025-02-01T00:00:00Z"));
        HumanLabel ann = new HumanLabel(NodeId.random(), first.id(), 10, "ann", "paragraph", -1, List.of(1, 1),
                null, null, false, null, 700, Instant.parse("2025-02-01T00:00:01Z"));
        HumanLabel bobLine = new HumanLabel(NodeId.random(), first.id(), 11, "bob", "line", 0, List.of(-1),
                null, null, false, null, 100, Instant.parse("2025-02-01T00:00:02Z"));
        HumanLabel bob2 = new HumanLabel(NodeId.random(), first.id(), 12, "bob", "paragraph", -1, List.of(1, 1),
                "logic", 4, false, "changed my mind", 900, Instant.parse("2025-02-01T00:00:03Z"));
        store.saveLabel(run.id(), problem, bob1);
        store.saveLabel(run.id(), problem, ann);
        store.saveLabel(run.id(), problem, bobLine);
        store.saveLabel(run.id(), problem, bob2);

        List<HumanLabel> labels = store.loadTrace(run.id(), problem).nodes(HumanLabel.class)
                .filter(h -> h.parent().equals(first.id())).toList();
        assertThat(labels).contains(ann, bobLine, bob2).doesNotContain(bob1);

        store.deleteLabel(run.id(), problem, first.id(), "bob", "paragraph");
        assertThat(store.loadTrace(run.id(), problem).nodes(HumanLabel.class).filter(h -> h.parent().equals(first.id())))
                .contains(ann, bobLine).doesNotContain(bob2);
    }

    @Test
    void fullTextSearchFindsProblemsAndAttempts() throws Exception {
        DatasetStore datasets = new DatasetStore(db);
        datasets.saveProblems("demo", "problems", List.of(
                Problem.of("demo", "1", "How many ducks lay eggs?", "3"),
                new Problem(ProblemId.of("demo", "2"), "demo", "2", "Find the polar coordinates of (0,3).", "3",
                        "r = 3", "Precalculus", 2, Map.of("url", "x"))));
        assertThat(datasets.searchProblems("polar", 10)).extracting(Problem::key).containsExactly("2");
        assertThat(datasets.problems("demo", 0, 10)).extracting(Problem::key).containsExactly("1", "2");
        assertThat(datasets.problems("demo", 1, 10).getFirst().extra()).containsEntry("url", "x");
        assertThat(datasets.problemCount("demo")).isEqualTo(2);
        assertThat(datasets.datasets()).containsExactly(new Dataset("demo", "problems", null, 2));

        Run run = TestTraces.run("demo");
        store.saveRun(run);
        ProblemId problem = ProblemId.of("demo", "1");
        store.saveTrace(TestTraces.everyNodeType(run.id(), problem));
        assertThat(store.searchAttempts("answer", 10)).singleElement()
                .satisfies(hit -> assertThat(hit.problem()).isEqualTo(problem));
        // Replacing the tree removes the old attempts from the index too.
        store.saveTrace(new Trace(run.id(), problem, TraceStatus.FINISHED, null, null, List.of()));
        assertThat(store.searchAttempts("answer", 10)).isEmpty();
    }
}
