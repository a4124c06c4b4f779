package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.errata.app.gui.launcher.RunLauncherViewModel;
import org.errata.app.gui.live.LiveRunModel;
import org.errata.app.gui.present.Modes;
import org.errata.app.gui.task.CurrentThreadTaskExecutor;
import org.errata.app.gui.task.ManualFrames;
import org.errata.app.services.EngineRunService;
import org.errata.app.services.ModelSpecs;
import org.errata.app.services.RecipeLibrary;
import org.errata.app.services.RunHandle;
import org.errata.app.services.RunLauncher;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.RecipeFiles;
import org.errata.correction.recipe.Recipes;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.djl.RandomModelWriter;
import org.errata.runtime.safetensors.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every strategy started with no knobs from the command line, from the run launcher's view model
 * and from presentation live mode stores the same recipe: the strategy's own. The runs go through
 * the real engine, store and (random tiny) model; they start past the end of their datasets, so
 * they record themselves without decoding.
 */
class RecipeFrontEndsTest {

    @TempDir Path dir;
    private String db;

    @BeforeEach
    void modelAndDatasets() throws Exception {
        Path model = dir.resolve("tiny");
        RandomModelWriter.write(model, LlamaConfig.llama(64, 128, 2, 4, 2, RandomModelWriter.vocabularySize(), 1024, false),
                7, 0.2, DType.F32);
        System.setProperty(ModelSpecs.DEMO_PROPERTY, model.toString());
        System.setProperty(RecipeLibrary.DIR_PROPERTY, Files.createDirectories(dir.resolve("no-recipes")).toString());
        Path file = dir.resolve("sums.jsonl");
        Files.writeString(file, "{\"question\":\"What is 1 + 2?\",\"answer\":\"#### 3\",\"idx\":0}\n");
        db = dir.resolve("e.db").toString();
        assertThat(Cli.run("--db", db, "import", file.toString(), "--dataset", "sums").code()).isZero();
        try (Database database = Database.open(Path.of(db))) {
            new DatasetStore(database).saveProblems(Modes.LIVE_DATASET, "typed",
                    List.of(Problem.of(Modes.LIVE_DATASET, "typed-1", "What is 2 + 2?", null)));
        }
    }

    @AfterEach
    void clearProperties() {
        System.clearProperty(ModelSpecs.DEMO_PROPERTY);
        System.clearProperty(RecipeLibrary.DIR_PROPERTY);
    }

    @Test
    void everyStrategyStartedWithNoKnobsStoresTheSameRecipeFromEveryFrontEnd() throws Exception {
        Map<String, String> fromCli = new LinkedHashMap<>();
        for (String id : StrategyRegistry.ids()) {
            Cli.Result r = Cli.run("--db", db, "run", "--dataset", "sums", "--strategy", id, "--model", "demo",
                    "--offset", "5", "--quiet", "--json");
            assertThat(r.code()).as(id + ": " + r.err()).isZero();
            fromCli.put(id, new ObjectMapper().readTree(r.out()).get("id").asText());
        }

        Map<String, RunId> fromLauncher = new LinkedHashMap<>();
        Map<String, RunId> fromLive = new LinkedHashMap<>();
        try (Database database = Database.open(Path.of(db))) {
            EngineRunService service = new EngineRunService(new RunLauncher(database, RuntimeOptions.defaults()),
                    RecipeLibrary.standard());
            for (String id : StrategyRegistry.ids()) {
                LiveRunModel live = new LiveRunModel(new ManualFrames(), System::nanoTime, x -> null);
                RunLauncherViewModel vm = new RunLauncherViewModel(service, new CurrentThreadTaskExecutor(), live);
                vm.strategyProperty().set(id);
                vm.datasetProperty().set("sums");
                vm.offsetProperty().set(5);
                vm.start();
                RunHandle h = vm.handle();
                assertThat(h).as(id + ": " + live.messageProperty().get()).isNotNull();
                h.outcome().toCompletableFuture().get(60, TimeUnit.SECONDS);
                fromLauncher.put(id, h.run());

                RunHandle l = service.start(Modes.liveRequest(id, 5), event -> { });
                l.outcome().toCompletableFuture().get(60, TimeUnit.SECONDS);
                fromLive.put(id, l.run());
            }

            TraceStore store = new TraceStore(database);
            List<String> checked = new ArrayList<>();
            for (String id : StrategyRegistry.ids()) {
                Run cli = store.run(new RunId(fromCli.get(id))).orElseThrow();
                Run launcher = store.run(fromLauncher.get(id)).orElseThrow();
                Run live = store.run(fromLive.get(id)).orElseThrow();
                assertThat(cli.recipe()).as(id).isNotNull();
                assertThat(launcher.recipe()).as(id + " launcher vs command line").isEqualTo(cli.recipe());
                assertThat(live.recipe()).as(id + " live mode vs command line").isEqualTo(cli.recipe());
                Recipe stored = RecipeFiles.read(cli.recipe(), id, Recipes::builtin);
                assertThat(stored).as(id + ": the strategy's own recipe").isEqualTo(Recipes.builtin(id));
                assertThat(cli.parameters()).as(id).containsAllEntriesOf(stored.params());
                checked.add(id);
            }
            assertThat(checked).containsExactlyElementsOf(StrategyRegistry.ids());
        }
    }
}
