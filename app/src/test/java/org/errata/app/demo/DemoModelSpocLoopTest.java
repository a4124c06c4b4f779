package org.errata.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.errata.assets.Assets;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.engine.ModelSet;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.RunOptions;
import org.errata.correction.engine.RunRecords;
import org.errata.correction.engine.Strategy;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.errata.persistence.trace.TraceWriter;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One SPOC loop with the bundled demo weights, through the real runtime, engine and store. */
class DemoModelSpocLoopTest {

    @TempDir
    Path tmp;

    @Test
    void theBundledModelRunsASpocLoopAndItsTreeIsStored() throws Exception {
        Path folder = new Assets(Assets.class.getClassLoader(), tmp.resolve("data")).demoModel();
        Problem problem = Problem.of("demo-heldout", "0", "What is 6 + 4 + 39?", "49");
        RuntimeOptions runtime = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(1);
        try (LanguageModel model = LanguageModels.open(folder.toString(), runtime);
                Database db = Database.open(tmp.resolve("errata.db"))) {
            Strategy spoc = StrategyRegistry.create("spoc").orElseThrow();
            RunOptions options = RunOptions.defaults().withSampling(SamplingConfig.temperature(0.8, 7)).withMaxTokensPerCall(400);
            ModelSet models = ModelSet.of(model);
            Run run = RunRecords.create("demo", "demo-heldout", spoc, models, options, "test", null);
            TraceStore store = new TraceStore(db);
            store.saveRun(run);
            try (TraceWriter writer = new TraceWriter(db)) {
                new RunEngine(spoc, models, options).run(run, List.of(problem), Set.of(), LoopListener.all(writer), Cancellation.none());
                writer.flush();
            }
            Trace trace = store.loadTrace(run.id(), problem.id());
            List<TraceNode> nodes = trace.nodes();
            List<Attempt> attempts = nodes.stream().filter(n -> n instanceof Attempt).map(n -> (Attempt) n).toList();
            List<Verification> verifications = nodes.stream().filter(n -> n instanceof Verification).map(n -> (Verification) n).toList();
            assertThat(attempts).isNotEmpty();
            // the model writes the format the engine parses: a boxed answer, steps, a Yes/No verdict
            Attempt first = attempts.get(0);
            assertThat(first.text()).contains("Step 1: ").contains("\\boxed{");
            assertThat(first.finalAnswer()).isNotNull().matches("\\d+");
            assertThat(nodes.stream().filter(n -> n instanceof Step s && s.parent().equals(first.id()))).isNotEmpty();
            assertThat(verifications).isNotEmpty();
            assertThat(verifications.get(0).parent()).isEqualTo(first.id());
            assertThat(verifications.get(0).verdict()).isIn(Verdict.CORRECT, Verdict.INCORRECT);
            // after a "No" the tree goes on with another attempt under that verification
            for (int i = 0; i + 1 < attempts.size(); i++) {
                assertThat(verifications.get(i).verdict()).isEqualTo(Verdict.INCORRECT);
                assertThat(attempts.get(i + 1).parent()).isEqualTo(verifications.get(i).id());
            }
        }
    }
}
