package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.errata.correction.grading.GradingPolicy;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports grade every attempt with Errata's grader, keep the file's label, and report where they disagree. */
class ImportGradingTest {
    @TempDir Path dir;
    Database db;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private ImportReport importFile(String name, String dataset) throws Exception {
        return new Importer(db).importFile(ImportExportTest.fixture(name), new ImportOptions(dataset, null, false, "test"));
    }

    @Test
    void gsm8kModelSolutionsBecomeOneGradedRunPerModelWithDisagreementsReported() throws Exception {
        ImportReport r = importFile("gsm8k_solutions.jsonl", "gsm");
        assertThat(r.format()).isEqualTo(ImportFormat.GSM8K_SOLUTIONS);
        assertThat(r.problems()).isEqualTo(2);
        assertThat(r.runs()).hasSize(3);
        assertThat(r.graded()).isEqualTo(6);
        // checked_model says right for "A: 13" (gold 12): Errata says wrong. 120,006 is not 20000.
        assertThat(r.disagreements()).isEqualTo(1);
        assertThat(r.firstDisagreements()).singleElement().asString()
                .contains("gsm8k_solutions.jsonl:1: 0 sample 0 (checked_model): the file says right, Errata says wrong (answer '13', gold '12')");
        DatasetStore ds = new DatasetStore(db);
        Problem p = ds.problem(ProblemId.of("gsm", "1")).orElseThrow();
        assertThat(p.goldAnswer()).isEqualTo("20000");
        assertThat(p.goldSolution()).endsWith("A: 20000");
        assertThat(p.extra()).isEmpty();
        TraceStore store = new TraceStore(db);
        List<String> models = new java.util.ArrayList<>();
        for (var id : r.runs()) models.add(store.run(id).orElseThrow().parameters().get("model").toString());
        assertThat(models).containsExactly("small_model", "large_model", "checked_model");
        Run large = store.run(r.runs().get(1)).orElseThrow();
        assertThat(large.parameters()).containsEntry("grading", GradingPolicy.standard().describe());
        assertThat(store.traces(large.id())).extracting(Trace::correct).containsExactly(true, true);
        assertThat(store.traces(r.runs().get(0))).extracting(Trace::finalAnswer).containsExactly("7", "120,006");
        assertThat(store.traces(r.runs().get(0))).extracting(Trace::correct).containsExactly(false, false);
        Attempt checked = store.loadTrace(r.runs().get(2), ProblemId.of("gsm", "0")).attempts().getFirst();
        assertThat(checked.correct()).isFalse();
        assertThat(checked.extractedBy()).isEqualTo("gsm8k");
        assertThat(checked.checkerVerdicts()).containsEntry(ImportGrading.FILE_LABEL, true).containsEntry("numeric", false);
        Attempt unfinished = store.loadTrace(r.runs().get(2), ProblemId.of("gsm", "1")).attempts().getFirst();
        assertThat(unfinished.finalAnswer()).isNull();
        assertThat(unfinished.correct()).isFalse();
        assertThat(unfinished.checkerVerdicts()).isEmpty();
    }

    @Test
    void metaMathAnswersGiveTheirFinalAnswerAsGoldAndKeepTheSolution() throws Exception {
        importFile("metamath.jsonl", "mm");
        List<Problem> ps = new DatasetStore(db).problems("mm", 0, 10);
        assertThat(ps).extracting(Problem::goldAnswer).containsExactly("42", "500", "\\frac{1}{2}");
        assertThat(ps.get(0).text()).isEqualTo("What is 6 times 7?");
        assertThat(ps.get(0).goldSolution()).isEqualTo("Six sevens are 42.\nThe answer is: 42");
        assertThat(ps.get(0).extra()).containsOnlyKeys("type", "original_question");
        assertThat(ps.get(1).goldSolution()).startsWith("Half of 1,000");
    }

    @Test
    void samplesWithoutScoresAreGradedAndEverySampleKept() throws Exception {
        ImportReport r = importFile("samples_ungraded.jsonl", "ev");
        assertThat(r.graded()).isEqualTo(6);
        // The file scores "\boxed{5.0}" wrong; Errata reads 5.0 as 5.
        assertThat(r.disagreements()).isEqualTo(1);
        assertThat(r.firstDisagreements().getFirst()).contains(":1: 0 sample 2 (unknown): the file says wrong, Errata says right (answer '5.0', gold '5')");
        TraceStore store = new TraceStore(db);
        Trace t0 = store.loadTrace(r.run(), ProblemId.of("ev", "0"));
        assertThat(t0.attempts()).extracting(Attempt::correct).containsExactly(true, false, true, false);
        assertThat(t0.attempts()).extracting(Attempt::finalAnswer).containsExactly("5", "6", "5.0", null);
        Trace t1 = store.loadTrace(r.run(), ProblemId.of("ev", "1"));
        assertThat(t1.attempts()).extracting(Attempt::correct).containsExactly(true, true);
        assertThat(t1.correct()).isTrue();
        assertThat(t1.finalAnswer()).isEqualTo("0.25");
        // Every sample counts in the metrics: pass@k and maj@k over the k samples, not sample 0 alone.
        org.errata.correction.metrics.MetricsReport m = org.errata.correction.metrics.Metrics.compute(store.traces(r.run()));
        assertThat(m.passAtK()).containsOnlyKeys(1, 2, 4);
        // pass@1 = mean accuracy over samples: problem 1 (k=2, 2 right) counts, problem 0 (k=4, 2 right) too.
        assertThat(m.passAtK().get(1)).isEqualTo((2.0 / 4 + 2.0 / 2) / 2);
        assertThat(m.passAtK().get(4)).isEqualTo(1.0);
    }

    @Test
    void theToleranceOfThePolicyIsUsedAndRecorded() throws Exception {
        ImportReport r = new Importer(db).importFile(ImportExportTest.fixture("samples_ungraded.jsonl"),
                new ImportOptions("ev", null, false, false, new GradingPolicy(0), "test"));
        Run run = new TraceStore(db).run(r.run()).orElseThrow();
        assertThat(run.parameters().get("grading")).isEqualTo(Map.of("integers", "exact", "relative_tolerance", 0.0,
                "out_of_double_range", "equal only when exactly equal", "cas", "on_doubt"));
    }
}
