package org.errata.app.demo;

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
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.errata.persistence.trace.TraceWriter;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;

/**
 * One problem run by the bundled demo model under SPOC through the real engine into a fresh
 * SQLite file and read back: what the tests of real demo-model traces share.
 */
public record DemoSpocRun(Run run, Trace trace) {

    /** With seed 1234 at temperature 0.8 the demo model slips in step 3 of this problem and corrects itself. */
    public static final Problem SLIPS_AND_CORRECTS = Problem.of("demo-heldout", "119", "What is 24 + 97 - (94 - 65)?", "92");

    /** The demo model's folder, unpacked under {@code tmp}. */
    public static Path modelFolder(Path tmp) throws org.errata.assets.AssetException {
        return new Assets(Assets.class.getClassLoader(), tmp.resolve("data")).demoModel();
    }

    /**
     * The demo model with every copy draft checked: which drafts the planner checks depends on
     * measured step times, so copied spans then do not depend on the machine's load.
     */
    public static LanguageModel openCheckingEveryDraft(Path folder, RuntimeOptions runtime) throws ModelLoadException {
        System.setProperty("errata.copyspec.checkEveryDraft", "true");
        try {
            return LanguageModels.open(folder.toString(), runtime);
        } finally {
            System.clearProperty("errata.copyspec.checkEveryDraft");
        }
    }

    /** Runs {@code problem} under SPOC (temperature 0.8, seed 1234) into {@code dbFile} as run {@code name}. */
    public static DemoSpocRun run(LanguageModel model, Path dbFile, Problem problem, String name) throws Exception {
        try (Database db = Database.open(dbFile)) {
            Strategy spoc = StrategyRegistry.create("spoc").orElseThrow();
            RunOptions options = RunOptions.defaults().withSampling(SamplingConfig.temperature(0.8, 1234))
                    .withMaxTokensPerCall(1024);
            ModelSet models = ModelSet.of(model);
            Run run = RunRecords.create("demo", "demo-heldout", spoc, models, options, name, null);
            TraceStore store = new TraceStore(db);
            store.saveRun(run);
            try (TraceWriter writer = new TraceWriter(db)) {
                new RunEngine(spoc, models, options).run(run, List.of(problem), Set.of(), LoopListener.all(writer),
                        Cancellation.none());
                writer.flush();
            }
            return new DemoSpocRun(run, store.loadTrace(run.id(), problem.id()));
        }
    }
}
