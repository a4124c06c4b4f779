package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Trace;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProcessBench's four subsets, the Qwen2.5-Math toolkit's metrics file, lm-evaluation-harness samples. */
class ExternalFormatsTest {
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

    private static String processBenchItem(String id, int label, boolean correct) {
        return "{\"id\": \"" + id + "\", \"generator\": \"Qwen2-7B-Instruct\", \"problem\": \"Problem " + id
                + "\", \"steps\": [\"Step one.\", \"Step two.\"], \"final_answer_correct\": " + correct + ", \"label\": " + label + "}";
    }

    @Test
    void processBenchSubsetsAsHuggingFacePublishesThemImportIntoTheirOwnDatasets() throws Exception {
        for (String subset : List.of("gsm8k", "math", "olympiadbench", "omnimath")) {
            Path f = dir.resolve(subset + ".json");
            Files.writeString(f, "[\n  " + processBenchItem(subset + "-0", 1, false) + ",\n  "
                    + processBenchItem(subset + "-1", -1, true) + "\n]\n");
            ImportReport r = new Importer(db).importFile(f, ImportOptions.defaults("test"));
            assertThat(r.format()).isEqualTo(ImportFormat.PROCESSBENCH);
            assertThat(r.dataset()).isEqualTo("processbench-" + subset);
            assertThat(r.labels()).isEqualTo(2);
            Problem p = new DatasetStore(db).problem(ProblemId.of("processbench-" + subset, subset + "-0")).orElseThrow();
            assertThat(p.extra()).containsEntry("subset", subset);
        }
        assertThat(new DatasetStore(db).datasets()).extracting(d -> d.name() + "=" + d.problemCount())
                .containsExactlyInAnyOrder("processbench-gsm8k=2", "processbench-math=2", "processbench-olympiadbench=2",
                        "processbench-omnimath=2");
    }

    @Test
    void qwenMathToolkitMetricsAreKeptBesideTheRun() throws Exception {
        Path out = dir.resolve("test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1.jsonl");
        Files.writeString(out, """
                {"idx": 0, "question": "What is 6*7?", "gt_cot": "6*7=42", "gt": "42", "level": 1, "code": ["6*7 = 42. \\\\boxed{42}"], "pred": ["42"], "report": [null], "score": [true]}
                {"idx": 1, "question": "What is 10-3?", "gt_cot": "10-3=7", "gt": "7", "level": 1, "code": ["10-3 = 6. \\\\boxed{6}"], "pred": ["6"], "report": [null], "score": [false]}
                """);
        Files.writeString(dir.resolve("test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1_metrics.json"),
                "{\"num_samples\": 2, \"num_scores\": 2, \"timeout_samples\": 0, \"empty_samples\": 0, \"acc\": 50.0, \"time_use_in_second\": 1.5}");
        ImportReport r = new Importer(db).importFile(out, new ImportOptions("q", null, false, "test"));
        assertThat(r.format()).isEqualTo(ImportFormat.SAMPLES);
        assertThat(r.disagreements()).isZero();
        var run = new TraceStore(db).run(r.run()).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) run.parameters().get("source_metrics");
        assertThat(metrics).containsKeys("num_samples", "acc", "time_use_in_second");
        assertThat(metrics.get("acc").toString()).isEqualTo("50.0");
        Problem p = new DatasetStore(db).problem(ProblemId.of("q", "0")).orElseThrow();
        assertThat(p.level()).isEqualTo(1);
        assertThat(p.extra()).containsOnlyKeys("gt_cot");
    }

    @Test
    void lmEvalHarnessSamplesAreGradedWithTheHarnessMetricBeside() throws Exception {
        ImportReport r = new Importer(db).importFile(ImportExportTest.fixture("lm_eval_samples_gsm8k.jsonl"),
                new ImportOptions("lm", null, false, "test"));
        assertThat(r.format()).isEqualTo(ImportFormat.LM_EVAL);
        assertThat(r.problems()).isEqualTo(3);
        assertThat(r.attempts()).isEqualTo(5);
        // The harness's strict match scored "1,200" wrong against 1200; Errata reads the number.
        assertThat(r.disagreements()).isEqualTo(1);
        assertThat(r.firstDisagreements().getFirst()).contains(":2: 1 sample 0 (unknown): the file says wrong, Errata says right");
        DatasetStore ds = new DatasetStore(db);
        assertThat(ds.problems("lm", 0, 10)).extracting(Problem::goldAnswer).containsExactly("5", "1200", "\\frac{5}{6}");
        assertThat(ds.problems("lm", 0, 10)).extracting(Problem::key).containsExactly("0", "1", "2");
        Trace math = new TraceStore(db).loadTrace(r.run(), ProblemId.of("lm", "2"));
        assertThat(math.attempts()).extracting(Attempt::correct).containsExactly(true, false, true);
        assertThat(math.attempts()).allSatisfy(a -> assertThat(a.checkerVerdicts()).doesNotContainKey(ImportGrading.FILE_LABEL));
    }

    @Test
    void inspectEvalLogsImportEachEpochAsAGradedAttempt() throws Exception {
        Path log = dir.resolve("2025-01-01T00-00-00_gsm8k_abc.eval");
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(log))) {
            put(zip, "_journal/start.json", "{\"version\": 2}");
            put(zip, "header.json", "{\"version\": 2, \"status\": \"success\", \"eval\": {\"task\": \"gsm8k\", \"model\": \"openai/tiny\"}}");
            // Written in the order they finished: the import orders them by sample id, then epoch.
            put(zip, "samples/2_epoch_1.json", sample(2, 1, "[{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"What is 2+2?\"}]",
                    "\"4\"", "[{\"type\": \"text\", \"text\": \"2+2 = 4. ANSWER: 4\"}]", "\"C\"", "4"));
            put(zip, "samples/1_epoch_2.json", sample(1, 2, "\"What is 3*3?\"", "[\"9\"]", "\"3*3 = 6. ANSWER: 6\"", "\"C\"", "6"));
            put(zip, "samples/1_epoch_1.json", sample(1, 1, "\"What is 3*3?\"", "[\"9\"]", "\"3*3 = 9. ANSWER: 9\"", "\"C\"", "9"));
        }
        ImportReport r = new Importer(db).importFile(log, ImportOptions.defaults("test"));
        assertThat(r.format()).isEqualTo(ImportFormat.INSPECT);
        assertThat(r.dataset()).isEqualTo("2025-01-01T00-00-00_gsm8k_abc");
        assertThat(r.problems()).isEqualTo(2);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.disagreements()).isEqualTo(1);
        assertThat(r.firstDisagreements().getFirst()).contains(":2: 1 sample 1 (openai/tiny): the file says right, Errata says wrong (answer '6', gold '9')");
        DatasetStore ds = new DatasetStore(db);
        assertThat(ds.problems(r.dataset(), 0, 10)).extracting(Problem::text).containsExactly("What is 3*3?", "What is 2+2?");
        Trace t = new TraceStore(db).loadTrace(r.run(), ProblemId.of(r.dataset(), "1"));
        assertThat(t.attempts()).extracting(Attempt::correct).containsExactly(true, false);
        assertThat(t.attempts()).extracting(Attempt::model).containsOnly("openai/tiny");
    }

    private static String sample(int id, int epoch, String input, String target, String content, String value, String answer) {
        return "{\"id\": " + id + ", \"epoch\": " + epoch + ", \"input\": " + input + ", \"target\": " + target
                + ", \"messages\": [], \"output\": {\"model\": \"tiny\", \"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": "
                + content + "}, \"stop_reason\": \"stop\"}]}, \"scores\": {\"match\": {\"value\": " + value + ", \"answer\": \"" + answer
                + "\", \"explanation\": \"\"}}, \"metadata\": {}}";
    }

    private static void put(java.util.zip.ZipOutputStream zip, String name, String text) throws java.io.IOException {
        zip.putNextEntry(new java.util.zip.ZipEntry(name));
        zip.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    @Test
    void parquetRowsReadAsTheSameRecordsAsJson() throws Exception {
        Path parquet = dir.resolve("gsm8k_test.parquet");
        ParquetFixture.write(parquet, List.of(
                new ParquetFixture.Column("question", List.of("What is 2+3?", "What is 10*10?")),
                new ParquetFixture.Column("answer", List.of("2+3=5\n#### 5", "10*10=100\n#### 100")),
                new ParquetFixture.Column("idx", List.of(0L, 1L))));
        ImportReport r = new Importer(db).importFile(parquet, ImportOptions.defaults("test"));
        assertThat(r.format()).isEqualTo(ImportFormat.PROBLEMS);
        assertThat(r.dataset()).isEqualTo("gsm8k_test");
        List<Problem> ps = new DatasetStore(db).problems("gsm8k_test", 0, 10);
        assertThat(ps).extracting(Problem::key).containsExactly("0", "1");
        assertThat(ps).extracting(Problem::goldAnswer).containsExactly("5", "100");
        assertThat(ps.get(1).text()).isEqualTo("What is 10*10?");
        Path snappy = dir.resolve("snappy.parquet");
        ParquetFixture.write(snappy, List.of(
                new ParquetFixture.Column("problem", List.of("Compute $1+1$.")),
                new ParquetFixture.Column("answer", List.of("2"))), true);
        ImportReport s = new Importer(db).importFile(snappy, ImportOptions.defaults("test"));
        assertThat(new DatasetStore(db).problems(s.dataset(), 0, 10)).extracting(Problem::goldAnswer).containsExactly("2");
    }

    @Test
    void processBenchAsParquetWithItsStepsAsAListColumn() throws Exception {
        Path parquet = dir.resolve("omnimath.parquet");
        ParquetFixture.write(parquet, List.of(
                new ParquetFixture.Column("id", List.of("omnimath-0", "omnimath-1")),
                new ParquetFixture.Column("generator", List.of("g", "g")),
                new ParquetFixture.Column("problem", List.of("What is 1+1?", "What is 2+2?")),
                new ParquetFixture.Column("steps", List.of(List.of("1+1 = 3.", "The answer is 3."), List.of("2+2 = 4."))),
                new ParquetFixture.Column("label", List.of(0L, -1L))), true);
        ImportReport r = new Importer(db).importFile(parquet, ImportOptions.defaults("test"));
        assertThat(r.format()).isEqualTo(ImportFormat.PROCESSBENCH);
        assertThat(r.dataset()).isEqualTo("processbench-omnimath");
        Trace t = new TraceStore(db).loadTrace(r.run(), ProblemId.of("processbench-omnimath", "omnimath-0"));
        assertThat(t.attempts().getFirst().text()).isEqualTo("1+1 = 3.\n\nThe answer is 3.");
        assertThat(t.nodes(org.errata.correction.trace.HumanLabel.class).findFirst().orElseThrow().firstErrorStep()).isZero();
        Trace t1 = new TraceStore(db).loadTrace(r.run(), ProblemId.of("processbench-omnimath", "omnimath-1"));
        assertThat(t1.attempts().getFirst().text()).isEqualTo("2+2 = 4.");
    }
}
