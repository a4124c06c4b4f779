package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportExportTest {
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

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(ImportExportTest.class.getResource("/fixtures/" + name).toURI());
    }

    private ImportReport importFile(Database into, String name, String dataset) throws Exception {
        return new Importer(into).importFile(fixture(name), new ImportOptions(dataset, null, false, "test"));
    }

    @Test
    void gsm8kGoldIsTheNumberAfterTheHashesWithoutCommas() throws Exception {
        ImportReport r = importFile(db, "gsm8k.jsonl", null);
        assertThat(r.format()).isEqualTo(ImportFormat.PROBLEMS);
        assertThat(r.dataset()).isEqualTo("gsm8k");
        assertThat(r.problems()).isEqualTo(3);
        assertThat(r.run()).isNull();
        List<Problem> ps = new DatasetStore(db).problems("gsm8k", 0, 10);
        assertThat(ps).extracting(Problem::key).containsExactly("0", "1", "2");
        assertThat(ps).extracting(Problem::goldAnswer).containsExactly("18", "6", "130000");
        assertThat(ps.getFirst().goldSolution()).endsWith("#### 18");
        assertThat(ps.getFirst().text()).startsWith("Janet’s ducks");
        assertThat(ps.getFirst().extra()).isEmpty();
    }

    @Test
    void mathKeepsAnswerSubjectLevelAndFallsBackToTheBoxedAnswer() throws Exception {
        importFile(db, "math500.jsonl", "math");
        List<Problem> ps = new DatasetStore(db).problems("math", 0, 10);
        // No key field: the value's 0-based position in the file (the same in JSONL, arrays and pretty JSON).
        assertThat(ps.get(0).key()).isEqualTo("0");
        assertThat(ps.get(0).goldAnswer()).isEqualTo("\\left( 3, \\frac{\\pi}{2} \\right)");
        assertThat(ps.get(0).subject()).isEqualTo("Precalculus");
        assertThat(ps.get(0).level()).isEqualTo(2);
        assertThat(ps.get(1).key()).isEqualTo("test/prealgebra/1.json");
        assertThat(ps.get(1).goldAnswer()).isEqualTo("\\frac{5}{6}");
        assertThat(ps.get(1).level()).isEqualTo(1);
    }

    @Test
    void aimeAndAmcUseTheirIdsAndAmcFloatsBecomeIntegers() throws Exception {
        importFile(db, "aime.jsonl", "aime");
        importFile(db, "amc.jsonl", "amc");
        DatasetStore ds = new DatasetStore(db);
        Problem aime = ds.problems("aime", 0, 1).getFirst();
        assertThat(aime.key()).isEqualTo("60");
        assertThat(aime.goldAnswer()).isEqualTo("204");
        assertThat(aime.extra()).containsEntry("url", "https://example.org/aime/1").containsKey("question");
        assertThat(ds.problems("amc", 0, 10)).extracting(Problem::goldAnswer).containsExactly("27", "36", "2.5");
        assertThat(ds.datasets()).extracting(d -> d.name() + "=" + d.problemCount()).containsExactly("aime=2", "amc=3");
    }

    @Test
    void evaluationSamplesBecomeAttemptsOfAnImportedRun() throws Exception {
        ImportReport r = importFile(db, "samples.jsonl", "evals");
        assertThat(r.format()).isEqualTo(ImportFormat.SAMPLES);
        assertThat(r.traces()).isEqualTo(2);
        assertThat(r.attempts()).isEqualTo(5);
        TraceStore store = new TraceStore(db);
        Run run = store.run(r.run()).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.IMPORTED);
        assertThat(run.strategy()).isEqualTo("imported");
        assertThat(store.runs().getFirst().model()).isEqualTo("qwen2.5-math-1.5b");
        Trace t = store.loadTrace(run.id(), ProblemId.of("evals", "0"));
        assertThat(t.attempts()).extracting(Attempt::correct).containsExactly(true, false, true);
        assertThat(t.attempts()).extracting(Attempt::finalAnswer).containsExactly("5", "6", "5");
        assertThat(t.attempts()).allSatisfy(a -> assertThat(a.role()).isEqualTo(AttemptRole.IMPORTED));
        assertThat(t.correct()).isTrue();
        Problem p = new DatasetStore(db).problem(t.problem()).orElseThrow();
        assertThat(p.goldAnswer()).isEqualTo("5");
        assertThat(p.extra()).containsOnlyKeys("gt_cot");
        // First samples: one right, one wrong.
        assertThat(store.runs().getFirst().accuracy()).hasValue(0.5);
    }

    @Test
    void processBenchStepsArePargraphsAndTheLabelIsAHumanLabel() throws Exception {
        ImportReport r = importFile(db, "processbench.jsonl", "pb");
        assertThat(r.format()).isEqualTo(ImportFormat.PROCESSBENCH);
        assertThat(r.labels()).isEqualTo(2);
        Trace t = new TraceStore(db).loadTrace(r.run(), ProblemId.of("pb", "gsm8k-0"));
        Attempt a = t.attempts().getFirst();
        assertThat(a.text()).isEqualTo("Sue starts with 3 apples.\n\nShe buys 4 more, so 3 + 4 = 8.\n\nThe answer is 8.");
        assertThat(a.model()).isEqualTo("Qwen2-7B-Instruct");
        assertThat(a.correct()).isFalse();
        assertThat(t.nodes(Step.class).map(s -> s.text(a.text())).toList())
                .containsExactly("Sue starts with 3 apples.", "She buys 4 more, so 3 + 4 = 8.", "The answer is 8.");
        assertThat(t.nodes(Step.class)).allSatisfy(s -> assertThat(s.segmenter()).isEqualTo("paragraph"));
        HumanLabel label = t.nodes(HumanLabel.class).findFirst().orElseThrow();
        assertThat(label.annotator()).isEqualTo("processbench");
        assertThat(label.firstErrorStep()).isEqualTo(1);
        assertThat(label.parent()).isEqualTo(a.id());
    }

    @Test
    void prm800kLinesBecomeAttemptsOfChosenStepsWithRatings() throws Exception {
        ImportReport r = importFile(db, "prm800k.jsonl", "prm");
        assertThat(r.format()).isEqualTo(ImportFormat.PRM800K);
        assertThat(r.problems()).isEqualTo(2);
        // Three labelled paths, plus the two completions that were not chosen (see Prm800kTest).
        assertThat(r.attempts()).isEqualTo(5);
        TraceStore store = new TraceStore(db);
        List<Trace> traces = store.traces(r.run());
        assertThat(traces).hasSize(2);
        Trace shared = traces.getFirst();
        List<Attempt> paths = shared.attempts().stream().filter(a -> a.parent() == null).toList();
        assertThat(paths).hasSize(2);
        List<HumanLabel> labels = shared.nodes(HumanLabel.class).filter(h -> !Prm800k.alternative(h)).toList();
        assertThat(labels.get(0).stepRatings()).containsExactly(1, 1, 1);
        assertThat(labels.get(0).firstErrorStep()).isEqualTo(-1);
        assertThat(labels.get(0).annotator()).isEqualTo("340d89bc-f5b7-45e9-b272-909ba68ee363");
        assertThat(labels.get(0).timeMs()).isEqualTo(85472);
        assertThat(labels.get(1).stepRatings()).containsExactly(0, -1);
        assertThat(labels.get(1).firstErrorStep()).isEqualTo(1);
        assertThat(labels.get(1).note()).isEqualTo("found_error");
        assertThat(paths.get(1).text()).isEqualTo("The denominator is $x^2+x-6$.\nIt has no real roots.");
        assertThat(paths.getFirst().text()).endsWith("# Answer\n\n2");
        Trace human = traces.get(1);
        assertThat(human.attempts().getFirst().text()).startsWith("$1+1=2$.\n");
        assertThat(new DatasetStore(db).problem(human.problem()).orElseThrow().goldAnswer()).isEqualTo("2");
    }

    @Test
    void aMalformedLineAbortsTheWholeImportNamingFileLineAndReason() throws Exception {
        Path file = fixture("gsm8k_bad.jsonl");
        assertThatThrownBy(() -> new Importer(db).importFile(file, ImportOptions.defaults("test")))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining(file + ":2: not JSON");
        assertThat(new DatasetStore(db).datasets()).isEmpty();
    }

    @Test
    void skipBadSkipsAndListsEveryBadLine() throws Exception {
        Path file = fixture("gsm8k_bad.jsonl");
        ImportReport r = new Importer(db).importFile(file, new ImportOptions("g", null, true, "test"));
        assertThat(r.problems()).isEqualTo(2);
        assertThat(r.skipped()).extracting(BadLine::line).containsExactly(2, 3, 5);
        assertThat(r.skipped().get(1).reason()).contains("missing field 'problem'");
        assertThat(r.skipped().get(2).reason()).contains("duplicate problem key '3' (first on line 4)");
        assertThat(r.skipped().get(2).toString()).startsWith(file + ":5: ");
        assertThat(new DatasetStore(db).problems("g", 0, 10)).extracting(Problem::goldAnswer).containsExactly("2", "8");
    }

    @Test
    void badProcessBenchLabelsAndPrmRatingsAreReported() throws Exception {
        Path pb = dir.resolve("pb.jsonl");
        Files.writeString(pb, """
                {"id":"a","problem":"p","steps":["s0","s1"],"label":2,"final_answer_correct":false}
                """);
        assertThatThrownBy(() -> new Importer(db).importFile(pb, ImportOptions.defaults("t")))
                .hasMessageContaining(pb + ":1: label 2 is not -1 or a step index below 2");
        Path prm = dir.resolve("prm.jsonl");
        Files.writeString(prm, """
                {"question":{"problem":"p"},"label":{"steps":[{"completions":[{"text":"a","rating":5}],"chosen_completion":0}]}}
                """);
        assertThatThrownBy(() -> new Importer(db).importFile(prm, ImportOptions.defaults("t")))
                .hasMessageContaining(prm + ":1: step 0: rating 5 is not -1, 0 or 1");
        Path unknown = dir.resolve("unknown.jsonl");
        Files.writeString(unknown, "{\"foo\": 1}\n");
        assertThatThrownBy(() -> new Importer(db).importFile(unknown, ImportOptions.defaults("t")))
                .hasMessageContaining(unknown + ":1: cannot tell the file's format");
    }

    @Test
    void datasetExportReimportsLosslessly() throws Exception {
        for (String name : List.of("gsm8k", "math500", "aime", "amc")) {
            importFile(db, name + ".jsonl", name);
            Path out = dir.resolve(name + "-out.jsonl");
            assertThat(new Exporter(db).exportDataset(name, ExportFormat.JSONL, out)).isPositive();
            try (Database other = Database.open(dir.resolve(name + "-copy.db"))) {
                new Importer(other).importFile(out, new ImportOptions(name, null, false, "test"));
                assertThat(new DatasetStore(other).problems(name, 0, 100))
                        .isEqualTo(new DatasetStore(db).problems(name, 0, 100));
            }
        }
    }

    @Test
    void runExportAsTracesReimportsLosslessly() throws Exception {
        ImportReport r = importFile(db, "samples.jsonl", "evals");
        importFile(db, "processbench.jsonl", "pb");
        Path out = dir.resolve("run.jsonl");
        assertThat(new Exporter(db).exportRun(r.run(), ExportFormat.JSONL, out)).isEqualTo(2);
        try (Database other = Database.open(dir.resolve("copy.db"))) {
            ImportReport back = new Importer(other).importFile(out, ImportOptions.defaults("test"));
            assertThat(back.format()).isEqualTo(ImportFormat.TRACES);
            assertThat(back.run()).isEqualTo(r.run());
            TraceStore a = new TraceStore(db);
            TraceStore b = new TraceStore(other);
            assertThat(b.run(r.run())).isEqualTo(a.run(r.run()));
            assertThat(b.traces(r.run())).isEqualTo(a.traces(r.run()));
            assertThat(new DatasetStore(other).problems("evals", 0, 10)).isEqualTo(new DatasetStore(db).problems("evals", 0, 10));
        }
    }

    @Test
    void processBenchAndPrm800kExportsReimportLosslessly() throws Exception {
        for (String format : List.of("processbench", "prm800k")) {
            ImportReport r = importFile(db, format + ".jsonl", format);
            Path out = dir.resolve(format + "-out.jsonl");
            new Exporter(db).exportRun(r.run(), ExportFormat.fromName(format).orElseThrow(), out);
            try (Database other = Database.open(dir.resolve(format + "-copy.db"))) {
                ImportReport back = new Importer(other).importFile(out, new ImportOptions(format, null, false, "test"));
                assertThat(back.format().wireName()).isEqualTo(format);
                assertThat(contentOf(new TraceStore(other).traces(back.run())))
                        .isEqualTo(contentOf(new TraceStore(db).traces(r.run())));
                assertThat(new DatasetStore(other).problems(format, 0, 10))
                        .isEqualTo(new DatasetStore(db).problems(format, 0, 10));
            }
        }
    }

    /** A trace's content without the random node ids: what a re-import must give back. */
    private static List<Object> contentOf(List<Trace> traces) {
        List<Object> out = new ArrayList<>();
        for (Trace t : traces) {
            out.add(List.of(t.problem(), t.status(), String.valueOf(t.finalAnswer()), String.valueOf(t.correct())));
            for (TraceNode n : t.nodes()) {
                out.add(switch (n) {
                    case Attempt a -> List.of("attempt", a.seq(), a.text(), a.model(), String.valueOf(a.correct()));
                    case Step s -> List.of("step", s.seq(), s.index(), s.start(), s.end(), s.segmenter());
                    case HumanLabel h -> List.of("label", h.seq(), h.annotator(), h.segmenter(), h.firstErrorStep(),
                            h.stepRatings(), h.badProblem(), String.valueOf(h.note()), h.timeMs(), h.createdAt());
                    default -> Map.of("other", n.nodeKind());
                });
            }
        }
        return out;
    }
}
