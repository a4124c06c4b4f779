package org.errata.persistence.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.correction.metrics.TraceFilter;
import org.errata.correction.metrics.TraceOutcome;
import org.errata.correction.metrics.TraceSummary;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.persistence.TestTraces;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.SqlFile;
import org.errata.correction.metrics.TraceFilter.Outcome;
import org.errata.correction.metrics.TraceFilter.Sort;
import org.errata.correction.trace.RunId;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace list's outcome columns, filters, sorts and search, on a real store file. */
class TraceListTest {
    @TempDir Path dir;
    Database db;
    TraceStore store;
    Run run;
    final List<Trace> saved = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
        store = new TraceStore(db);
        run = TestTraces.run("demo");
        store.saveRun(run);
        List<Problem> problems = new ArrayList<>();
        for (String key : List.of("plain", "corrected", "broken", "missed", "alarm", "labelled", "oracle", "empty")) {
            problems.add(Problem.of("demo", key, "What is the " + key + " sum?", "74"));
        }
        new DatasetStore(db).saveProblems("demo", "problems", problems);

        // right at once, the verifier agrees
        Tree plain = new Tree("plain");
        plain.verify(plain.attempt(1, true, "We add 70 and 4 to get \\boxed{74}."), VerifierRole.SELF, Verdict.CORRECT, null);
        save(plain.finish(true));
        // wrong, a verifier rejects it and locates step 2, then right: corrected; the verifier was right twice
        Tree corrected = new Tree("corrected");
        Verification v = corrected.verify(corrected.attempt(1, false, "So 7 + 7 = 15, the answer is 15."),
                VerifierRole.SELF, Verdict.INCORRECT, 2);
        corrected.locate(v, 2);
        corrected.verify(corrected.attempt(2, true, "Recount: the total is \\boxed{74} exactly."), VerifierRole.SELF, Verdict.CORRECT, null);
        save(corrected.finish(true));
        // right, a false alarm, then wrong: broken
        Tree broken = new Tree("broken");
        broken.verify(broken.attempt(1, true, "It is 74."), VerifierRole.SELF, Verdict.INCORRECT, 0);
        broken.attempt(2, false, "It is 75 after all.");
        save(broken.finish(false));
        // wrong and the verifier said yes: missed; a critic also missed it
        Tree missed = new Tree("missed");
        Attempt m = missed.attempt(1, false, "Surely 73.");
        missed.verify(m, VerifierRole.SELF, Verdict.CORRECT, null);
        missed.verify(m, VerifierRole.CRITIC, Verdict.CORRECT, -1);
        save(missed.finish(false));
        // a false alarm on a right answer that is kept
        Tree alarm = new Tree("alarm");
        Attempt al = alarm.attempt(1, true, "74.");
        alarm.verify(al, VerifierRole.SELF, Verdict.INCORRECT, 1);
        alarm.verify(alarm.attempt(2, true, "Still 74."), VerifierRole.SELF, Verdict.UNPARSED, null);
        save(alarm.finish(true));
        // a person's label wins over the verifier's step
        Tree labelled = new Tree("labelled");
        Attempt la = labelled.attempt(1, false, "First 5, then 9.");
        labelled.verify(la, VerifierRole.SELF, Verdict.INCORRECT, 3);
        labelled.label(la, 1);
        save(labelled.finish(false));
        // an oracle's verdict and a failed verification are not verifier errors
        Tree oracle = new Tree("oracle");
        Attempt oa = oracle.attempt(1, false, "Nine.");
        oracle.verify(oa, VerifierRole.ORACLE, Verdict.CORRECT, null);
        oracle.add(new Verification(oracle.id(), oa.id(), oracle.seq(), VerifierRole.SELF, "m", "p", "", Verdict.CORRECT,
                null, null, List.of(), null, 1, CallStats.NONE, NodeStatus.FAILED, "timeout"));
        save(oracle.finish(false));
        save(new Tree("empty").finish(null));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void save(Trace t) throws Exception {
        store.saveTrace(t);
        saved.add(t);
    }

    @Test
    void theStoreComputesEveryTracesOutcomeAsTheDomainDoes() throws Exception {
        List<TraceSummary> rows = store.traces(run.id(), 0, 100);
        assertThat(rows).hasSize(saved.size());
        for (TraceSummary row : rows) {
            Trace t = saved.stream().filter(s -> s.problem().equals(row.problem())).findFirst().orElseThrow();
            assertThat(row.outcome()).as(row.problem().value()).isEqualTo(TraceOutcome.of(t));
            assertThat(row.nodeCount()).isEqualTo(t.nodes().size());
        }
        TraceOutcome c = outcome(rows, "corrected");
        assertThat(c.corrected()).isTrue();
        assertThat(c.broken()).isFalse();
        assertThat(c.attempts()).isEqualTo(2);
        assertThat(c.firstErrorStep()).isEqualTo(2);
        assertThat(outcome(rows, "broken").broken()).isTrue();
        assertThat(outcome(rows, "broken").falseAlarms()).isEqualTo(1);
        assertThat(outcome(rows, "missed").verifierMissed()).isEqualTo(2);
        assertThat(outcome(rows, "alarm").lastVerdict()).isEqualTo(Verdict.UNPARSED);
        assertThat(outcome(rows, "labelled").firstErrorStep()).isEqualTo(1);
        assertThat(outcome(rows, "oracle").verifierMissed()).isZero();
        assertThat(outcome(rows, "empty")).isEqualTo(TraceOutcome.NONE);
        assertThat(row(rows, "plain").problemText()).isEqualTo("What is the plain sum?");
    }

    @Test
    void eachOutcomeFiltersTheList() throws Exception {
        assertThat(keys(TraceFilter.ALL.withOutcome(Outcome.CORRECTED))).containsExactly("corrected");
        assertThat(keys(TraceFilter.ALL.withOutcome(Outcome.BROKEN))).containsExactly("broken");
        assertThat(keys(TraceFilter.ALL.withOutcome(Outcome.VERIFIER_MISSED))).containsExactly("missed");
        assertThat(keys(TraceFilter.ALL.withOutcome(Outcome.FALSE_ALARM))).containsExactly("broken", "alarm");
        assertThat(keys(TraceFilter.ALL.withOutcome(Outcome.ERROR_LOCATED)))
                .containsExactly("corrected", "broken", "alarm", "labelled");
        assertThat(keys(TraceFilter.ALL.withMinAttempts(2))).containsExactly("corrected", "broken", "alarm");
        assertThat(keys(TraceFilter.ALL.withFirstErrorStep(1))).containsExactly("alarm", "labelled");
        assertThat(keys(new TraceFilter("", TraceFilter.Correctness.RIGHT, Verdict.CORRECT)))
                .containsExactly("plain", "corrected");
        assertThat(keys(new TraceFilter("", TraceFilter.Correctness.UNGRADED, null))).containsExactly("empty");
        // the same filters over the loaded trees agree with the store's
        for (Outcome o : Outcome.values()) {
            TraceFilter f = TraceFilter.ALL.withOutcome(o);
            List<String> inMemory = saved.stream().map(t -> TraceSummary.of(t, ""))
                    .filter(s -> f.accepts(s, List.of())).map(s -> key(s)).toList();
            assertThat(keys(f)).as(o.name()).containsExactlyElementsOf(inMemory);
        }
    }

    @Test
    void eachFigureSortsTheListWithTiesInDatasetOrder() throws Exception {
        assertThat(keys(TraceFilter.ALL.withSort(Sort.ATTEMPTS)))
                .containsExactly("corrected", "broken", "alarm", "plain", "missed", "labelled", "oracle", "empty");
        assertThat(keys(TraceFilter.ALL.withSort(Sort.FIRST_ERROR)))
                .containsExactly("broken", "alarm", "labelled", "corrected", "plain", "missed", "oracle", "empty");
        assertThat(keys(TraceFilter.ALL.withSort(Sort.CORRECTED)).getFirst()).isEqualTo("corrected");
        assertThat(keys(TraceFilter.ALL.withSort(Sort.BROKEN)).getFirst()).isEqualTo("broken");
        assertThat(keys(TraceFilter.ALL.withSort(Sort.VERIFIER_MISSED)).getFirst()).isEqualTo("missed");
        assertThat(keys(TraceFilter.ALL.withSort(Sort.FALSE_ALARMS)).subList(0, 2)).containsExactly("broken", "alarm");
        // a page of a sorted list is that part of it
        assertThat(store.traces(run.id(), TraceFilter.ALL.withSort(Sort.ATTEMPTS), 1, 2))
                .extracting(s -> key(s)).containsExactly("broken", "alarm");
        assertThat(store.traces(run.id(), TraceFilter.ALL.withSort(Sort.ATTEMPTS), 7, 5)).extracting(s -> key(s)).containsExactly("empty");
        assertThat(store.traces(run.id(), TraceFilter.ALL.withSort(Sort.ATTEMPTS), 100, 5)).isEmpty();
    }

    @Test
    void keysThenRowsByKeyGiveTheSameListAsThePagedQuery() throws Exception {
        List<TraceFilter> filters = List.of(TraceFilter.ALL, TraceFilter.ALL.withSort(Sort.ATTEMPTS),
                TraceFilter.ALL.withOutcome(Outcome.FALSE_ALARM), TraceFilter.ALL.withText("74"),
                TraceFilter.ALL.withSort(Sort.FIRST_ERROR).withMinAttempts(2));
        for (TraceFilter f : filters) {
            long[] keys = store.traceKeys(run.id(), f);
            List<TraceSummary> paged = store.traces(run.id(), f, 0, 100);
            assertThat(store.traceRows(run.id(), keys)).as(f.toString()).isEqualTo(paged);
            // any stretch of the keys reads that stretch, in order
            if (keys.length >= 3) {
                assertThat(store.traceRows(run.id(), java.util.Arrays.copyOfRange(keys, 1, 3)))
                        .isEqualTo(store.traces(run.id(), f, 1, 2));
            }
        }
        assertThat(store.traceKeys(run.id(), TraceFilter.ALL.withText("nowhere-to-be-found"))).isEmpty();
        assertThat(store.traceRows(run.id(), new long[0])).isEmpty();
        // rows are read by key, one lookup each
        String plan = db.read(c -> {
            StringBuilder b = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + SqlFile.load(TraceStore.class, "trace_rows.sql"))) {
                ps.setString(1, run.id().value());
                ps.setString(2, "[1,2,3]");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) b.append(rs.getString("detail")).append('\n');
                }
            }
            return b.toString();
        });
        assertThat(plan).contains("SEARCH t USING INTEGER PRIMARY KEY (rowid=?)").doesNotContain("SCAN t");
        // keys of another run read nothing here
        assertThat(store.traceRows(new RunId("another"), store.traceKeys(run.id(), TraceFilter.ALL))).isEmpty();
    }

    @Test
    void theSearchFindsWordsOnlyInAnAttemptsTextAndInProblemText() throws Exception {
        // "\boxed{74}" is in two attempts' text only, never in a problem or a final answer
        assertThat(keys(TraceFilter.ALL.withText("\\boxed{74}"))).containsExactly("plain", "corrected");
        assertThat(keys(TraceFilter.ALL.withText("recount total"))).containsExactly("corrected");
        assertThat(keys(TraceFilter.ALL.withText("15"))).containsExactly("corrected");
        assertThat(keys(TraceFilter.ALL.withText("labelled sum"))).containsExactly("labelled");
        // inside the id
        assertThat(keys(TraceFilter.ALL.withText("orac"))).containsExactly("oracle");
        assertThat(keys(TraceFilter.ALL.withText("nowhere-to-be-found"))).isEmpty();
        // search and filters together
        assertThat(keys(TraceFilter.ALL.withText("74").withOutcome(Outcome.CORRECTED))).containsExactly("corrected");
    }

    @Test
    void theStreamingWriterAndLaterLabelsKeepEachOutcome() throws Exception {
        Run streamed = TestTraces.run("demo");
        Tree t = new Tree("again");
        Attempt a = t.attempt(1, false, "It is 70.");
        t.verify(a, VerifierRole.SELF, Verdict.CORRECT, null);
        t.attempt(2, true, "It is 74.");
        Trace tree = new Trace(streamed.id(), t.problem, TraceStatus.FINISHED, "74", true, t.nodes);
        try (TraceWriter w = new TraceWriter(db)) {
            w.on(new org.errata.correction.engine.LoopEvent.RunStarted(streamed));
            w.on(new org.errata.correction.engine.LoopEvent.TraceStarted(streamed.id(), t.problem));
            for (TraceNode n : tree.nodes()) w.on(new org.errata.correction.engine.LoopEvent.NodeAdded(streamed.id(), t.problem, n));
            w.on(new org.errata.correction.engine.LoopEvent.TraceFinished(streamed.id(), t.problem, TraceStatus.FINISHED, "74", true));
        }
        TraceSummary row = store.traces(streamed.id(), 0, 10).getFirst();
        assertThat(row.outcome()).isEqualTo(TraceOutcome.of(tree));
        assertThat(row.outcome().corrected()).isTrue();
        assertThat(row.outcome().verifierMissed()).isEqualTo(1);
        assertThat(row.outcome().firstErrorStep()).isNull();

        // a person's label names the first error; removing it takes it away again
        HumanLabel label = new HumanLabel(new NodeId("label-" + streamed.id().value()), a.id(), 99, "ann", "line", 0,
                List.of(), null, null, false, null, 0, Instant.EPOCH);
        store.saveLabel(streamed.id(), t.problem, label);
        assertThat(store.traces(streamed.id(), TraceFilter.ALL.withFirstErrorStep(0), 0, 10)).hasSize(1);
        store.deleteLabel(streamed.id(), t.problem, a.id(), "ann", "line");
        assertThat(store.traces(streamed.id(), 0, 10).getFirst().outcome().firstErrorStep()).isNull();
    }

    @Test
    void aSchemaFiveStoreGainsTheOutcomesOfItsTracesWhenOpened() throws Exception {
        Path file = dir.resolve("v5.db");
        org.flywaydb.core.Flyway.configure(Database.class.getClassLoader())
                .dataSource("jdbc:sqlite:" + file, "", "").locations("classpath:db/migration").target("5").load().migrate();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
            TraceRows.upsertRun(c, run);
            for (Trace t : saved) {
                TraceRows.startTrace(c, t.run(), t.problem(), Instant.EPOCH);
                try (PreparedStatement ps = c.prepareStatement(TraceRows.INSERT_NODE)) {
                    for (TraceNode n : t.nodes()) TraceRows.insertNode(ps, t.run(), t.problem(), n);
                }
                TraceRows.finishTrace(c, t.run(), t.problem(), t.status(), t.finalAnswer(), t.correct(), Instant.EPOCH);
            }
        }
        try (Database old = Database.open(file)) {
            List<TraceSummary> rows = new TraceStore(old).traces(run.id(), 0, 100);
            assertThat(rows).hasSameSizeAs(saved);
            for (TraceSummary row : rows) {
                Trace t = saved.stream().filter(s -> s.problem().equals(row.problem())).findFirst().orElseThrow();
                assertThat(row.outcome()).as(row.problem().value()).isEqualTo(TraceOutcome.of(t));
            }
        }
    }

    @Test
    void aRunCanBeRenamedButNotToNothing() throws Exception {
        store.renameRun(run.id(), "  SPOC on the demo set, second try ");
        assertThat(store.run(run.id()).orElseThrow().name()).isEqualTo("SPOC on the demo set, second try");
        assertThat(store.runs()).extracting(RunSummary::name).containsExactly("SPOC on the demo set, second try");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.renameRun(run.id(), " "))
                .hasMessage("a run's name cannot be blank");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.renameRun(new org.errata.correction.trace.RunId("nope"), "x"))
                .hasMessage("no run nope");
    }

    @Test
    void theListReadsTheRunsNodesThroughIndexes() throws Exception {
        TraceFilter search = TraceFilter.ALL.withText("74").withOutcome(Outcome.CORRECTED).withMinAttempts(1);
        String plan = plan(search);
        // no scan of a table: traces by run, problems by id, matching attempts by the full-text index
        assertThat(plan).doesNotContainPattern("SCAN (n|t|p|node|trace|problem)\\b(?! USING)");
        assertThat(plan).contains("INDEX trace_list (run_id=?)");
        // the library's order is the index's, whatever the filter: no sort but of ties (traces of problems
        // the library does not hold, by when they were written)
        assertThat(plan).doesNotContain("TEMP B-TREE FOR ORDER BY");
        assertThat(plan(TraceFilter.ALL)).contains("INDEX trace_list (run_id=?)").doesNotContain("TEMP B-TREE FOR ORDER BY");
        // another order reads the same way, each key with its sort key, and is ordered by read(): no sort in SQLite
        for (Sort sort : Sort.values()) {
            assertThat(plan(TraceFilter.ALL.withSort(sort))).as(sort.name()).contains("INDEX trace_list (run_id=?)")
                    .doesNotContain("TEMP B-TREE FOR ORDER BY", "problem");
        }
    }

    @Test
    void aConditionLeftOpenIsNotInTheStatement() {
        String all = TraceListQuery.keys(run.id(), TraceFilter.ALL, org.errata.persistence.db.FullTextQuery.words(""), -1, 0).sql();
        assertThat(all).doesNotContain("correct", "attempts", "verdict", "first_error", "MATCH");
        TraceFilter some = TraceFilter.ALL.withMinAttempts(2).withFirstErrorStep(1);
        TraceListQuery q = TraceListQuery.keys(run.id(), some, org.errata.persistence.db.FullTextQuery.words(""), 10, 20);
        assertThat(q.sql()).contains("t.attempts >= ?", "t.first_error = ?").doesNotContain("MATCH", "last_verdict");
        assertThat(q.parameters()).containsExactly(run.id().value(), 2, 1, 10, 20);
    }

    @Test
    void theListFollowsProblemsAddedOrRemovedAfterTheirTraces() throws Exception {
        List<String> before = keys(TraceFilter.ALL);
        // a run's problem that the library did not hold comes last until it is added, then takes its place
        String late = "late";
        save(new Tree(late).finish(null));
        assertThat(keys(TraceFilter.ALL)).endsWith(late).hasSize(before.size() + 1);
        new DatasetStore(db).saveProblems("demo", "problems", List.of(Problem.of("demo", late, "A late problem", "74")));
        // added: last in its dataset by its place, then moved first
        db.write(c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("UPDATE problem SET ord = -1 WHERE key = 'late'");
            }
            return null;
        });
        assertThat(keys(TraceFilter.ALL)).startsWith(late).hasSize(before.size() + 1);
        assertThat(keys(TraceFilter.ALL.withText("late problem"))).containsExactly(late);
        db.write(c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("DELETE FROM problem WHERE key = 'late'");
            }
            return null;
        });
        assertThat(keys(TraceFilter.ALL)).endsWith(late).startsWith(before.get(0));
    }

    @Test
    void aListingHeldInMemoryListsAsTheStoreDoesForEveryFilterAndOrder() throws Exception {
        RunListing held = store.runListing(run.id());
        assertThat(held.size()).isEqualTo(saved.size());
        int compared = 0;
        for (TraceFilter.Correctness c : TraceFilter.Correctness.values()) {
            for (Verdict v : new Verdict[] {null, Verdict.CORRECT, Verdict.INCORRECT}) {
                for (Outcome o : Outcome.values()) {
                    for (Sort sort : Sort.values()) {
                        for (int atLeast : new int[] {0, 2}) {
                            for (Integer step : new Integer[] {null, 1, 2}) {
                                TraceFilter f = new TraceFilter("", c, v, o, atLeast, step, sort);
                                assertThat(held.keys(f)).as(f.toString()).containsExactly(store.traceKeys(run.id(), f));
                                compared++;
                            }
                        }
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(4 * 3 * 6 * 7 * 2 * 3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> held.keys(TraceFilter.ALL.withText("74")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theListVersionMovesWithEveryChangeToATraceRowWhoeverWritesIt() throws Exception {
        long v0 = store.listVersion();
        assertThat(store.runListing(run.id()).version()).isEqualTo(v0);
        assertThat(store.listVersion()).as("reading moves nothing").isEqualTo(v0);
        // a new trace
        save(new Tree("late").finish(null));
        long v1 = store.listVersion();
        assertThat(v1).isGreaterThan(v0);
        // a person's label changes a trace's first error
        Trace labelled = saved.stream().filter(t -> t.problem().value().endsWith("plain")).findFirst().orElseThrow();
        Attempt first = (Attempt) labelled.nodes().getFirst();
        store.saveLabel(run.id(), labelled.problem(), new HumanLabel(new NodeId("label-plain"), first.id(), 99, "ann", "line", 0,
                List.of(), null, null, false, null, 0, Instant.EPOCH));
        long v2 = store.listVersion();
        assertThat(v2).isGreaterThan(v1);
        // the problem of a trace added to the library moves the trace's place
        new DatasetStore(db).saveProblems("demo", "problems", List.of(Problem.of("demo", "late", "A late problem", "74")));
        long v3 = store.listVersion();
        assertThat(v3).isGreaterThan(v2);
        // another connection (another process) writing
        try (java.sql.Connection other = db.connect(); var st = other.createStatement()) {
            st.executeUpdate("UPDATE trace SET correct = 1 WHERE problem_id = 'demo/late'");
        }
        assertThat(store.listVersion()).isGreaterThan(v3);
        // and a listing read now lists what the store lists now
        RunListing now = store.runListing(run.id());
        assertThat(now.version()).isEqualTo(store.listVersion());
        assertThat(now.keys(TraceFilter.ALL.withSort(Sort.FIRST_ERROR))).containsExactly(store.traceKeys(run.id(), TraceFilter.ALL.withSort(Sort.FIRST_ERROR)));
    }

    private String plan(TraceFilter filter) throws Exception {
        String words = filter.text();
        TraceListQuery q = TraceListQuery.keys(run.id(), filter, org.errata.persistence.db.FullTextQuery.words(words), 100, 0);
        return db.read(c -> {
            StringBuilder b = new StringBuilder();
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + q.sql())) {
                q.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) b.append(rs.getString("detail")).append('\n');
                }
            }
            return b.toString();
        });
    }

    private List<String> keys(TraceFilter f) throws Exception {
        return store.traces(run.id(), f, 0, 100).stream().map(s -> key(s)).toList();
    }

    private static String key(TraceSummary s) {
        return s.problem().value().substring(s.problem().value().indexOf('/') + 1);
    }

    private static TraceSummary row(List<TraceSummary> rows, String key) {
        return rows.stream().filter(r -> key(r).equals(key)).findFirst().orElseThrow();
    }

    private static TraceOutcome outcome(List<TraceSummary> rows, String key) {
        return row(rows, key).outcome();
    }

    /** Builds one trace node by node, in emission order. */
    private final class Tree {
        final ProblemId problem;
        final List<TraceNode> nodes = new ArrayList<>();

        final String key;

        Tree(String key) {
            this.key = key;
            problem = ProblemId.of("demo", key);
        }

        NodeId id() {
            return new NodeId(key + "-" + nodes.size() + "-" + run.id().value());
        }

        int seq() {
            return nodes.size();
        }

        <T extends TraceNode> T add(T n) {
            nodes.add(n);
            return n;
        }

        Attempt attempt(int turn, @Nullable Boolean correct, String text) {
            return add(new Attempt(id(), null, seq(), turn, AttemptRole.PROPOSER, "m", "p", text, null, null, correct,
                    Map.of(), CallStats.NONE, NodeStatus.OK, null, List.of()));
        }

        Verification verify(Attempt a, VerifierRole role, Verdict verdict, @Nullable Integer firstError) {
            return add(new Verification(id(), a.id(), seq(), role, "m", "p", "raw", verdict, "spoc", null, List.of(),
                    firstError, 1, CallStats.NONE, NodeStatus.OK, null));
        }

        void locate(Verification v, int step) {
            add(new ErrorLocation(id(), v.id(), seq(), step, "why", null));
        }

        void label(Attempt a, int step) {
            add(new HumanLabel(id(), a.id(), seq(), "ann", "paragraph", step, List.of(), null, null, false, null, 0,
                    Instant.EPOCH));
        }

        Trace finish(@Nullable Boolean correct) {
            return new Trace(run.id(), problem, TraceStatus.FINISHED, null, correct, nodes);
        }
    }
}
