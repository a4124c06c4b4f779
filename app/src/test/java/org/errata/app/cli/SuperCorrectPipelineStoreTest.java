package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.engine.ModelSet;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.RunOptions;
import org.errata.correction.engine.RunRecords;
import org.errata.correction.engine.Strategy;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.metrics.InspectedLocation;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.errata.persistence.trace.TraceWriter;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SuperCorrect's data pipeline written to a SQLite file and read back: the student's own k' and
 * the teacher's k (first verdict and the revision the inspector passed) are both stored, the
 * surviving location is found in the loaded tree, and {@code errata metrics --json} prints the
 * student-teacher agreement and what the inspector changed.
 */
class SuperCorrectPipelineStoreTest {

    static final String NO = "\nVerification: Is the answer correct (Yes/No)? No";
    static final String YES = "\nVerification: Is the answer correct (Yes/No)? Yes";

    @TempDir
    Path tmp;

    private static ScriptedLanguageModel scripted(String id, String... outputs) {
        Deque<String> queue = new ArrayDeque<>(List.of(outputs));
        return new ScriptedLanguageModel(id, (prompt, request, sample) -> {
            synchronized (queue) {
                return queue.removeFirst();
            }
        });
    }

    @Test
    void bothLocationsAreStoredAndTheMetricsUseTheOneThatSurvivedInspection() throws Exception {
        Problem problem = Problem.of("sc", "1", "What is 17 + 25 * 2?", "67");
        ScriptedLanguageModel student = scripted("student",
                "<Step1>25 * 2 = 50</Step1>\n<Step2>17 + 50 = 68</Step2>\n<Answer>\\boxed{68}</Answer>",
                "<FirstError step=\"1\"/>\n<Analysis>Maybe 25 * 2 is 52.</Analysis>\n<Correction>Use 52.</Correction>");
        ScriptedLanguageModel teacher = scripted("teacher",
                "<FirstError step=\"1\"/>\n<Analysis>Step 1 is wrong.</Analysis>\n<Correction>Redo step 1.</Correction>",
                "<FirstError step=\"2\"/>\n<Analysis>17 + 50 is 67.</Analysis>\n<Correction>Recompute 17 + 50.</Correction>");
        ScriptedLanguageModel inspector = scripted("inspector", "Step 1 is right." + NO, "Right." + YES);
        Strategy s = StrategyRegistry.create("supercorrect", java.util.Map.of("reattempt", false)).orElseThrow();
        ModelSet models = ModelSet.of(student).withTeacher(teacher).withInspector(inspector);
        RunOptions options = RunOptions.defaults().withSampling(SamplingConfig.greedy()).withMaxTokensPerCall(200);
        Path file = tmp.resolve("errata.db");
        Run run = RunRecords.create("sc", "sc", s, models, options, "test", null);
        try (Database db = Database.open(file)) {
            TraceStore store = new TraceStore(db);
            store.saveRun(run);
            try (TraceWriter writer = new TraceWriter(db)) {
                new RunEngine(s, models, options).run(run, List.of(problem), Set.of(), LoopListener.all(writer),
                        Cancellation.none());
                writer.flush();
            }
            Trace t = store.loadTrace(run.id(), problem.id());
            Attempt a = t.attempts().get(0);
            List<Verification> own = t.nodes(Verification.class).filter(v -> a.id().equals(v.parent())).toList();
            assertThat(own).extracting(v -> v.role() + ":" + v.predictedFirstError())
                    .containsExactlyInAnyOrder(VerifierRole.TEACHER + ":0", VerifierRole.SELF + ":0");
            InspectedLocation x = InspectedLocation.surviving(t, a).orElseThrow();
            assertThat(x.firstStep()).isZero();
            assertThat(x.step()).isEqualTo(1);
            assertThat(x.studentStep()).isZero();
            assertThat(x.studentAgrees()).contains(false);
        }

        Cli.Result metrics = Cli.run("--db", file.toString(), "metrics", "--run", run.id().toString(), "--json");
        assertThat(metrics.code()).as(metrics.err()).isZero();
        JsonNode m = new ObjectMapper().readTree(metrics.out());
        assertThat(m.get("teacher_checked").asInt()).isEqualTo(1);
        assertThat(m.get("teacher_location_moved_by_inspector").asInt()).isEqualTo(1);
        assertThat(m.get("student_teacher_pairs").asInt()).isEqualTo(1);
        assertThat(m.get("student_teacher_agreement").asDouble()).isEqualTo(0.0);
        assertThat(m.get("teacher_location_survived").asInt()).isEqualTo(1);
    }
}
