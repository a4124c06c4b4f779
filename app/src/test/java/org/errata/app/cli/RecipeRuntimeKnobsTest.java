package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.errata.app.services.RecipeLibrary;
import org.errata.app.services.RunLauncher;
import org.errata.app.services.RunPlan;
import org.errata.correction.engine.ModelRole;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.RecipeFiles;
import org.errata.correction.recipe.Recipes;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verification;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.errata.runtime.api.CopySpec;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.djl.RandomModelWriter;
import org.errata.runtime.safetensors.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CopySpec is a recipe knob ({@code runtime.copyspec*}): {@code --copyspec} sets it in the recipe,
 * the recipe is stored with the run, models are opened with it, and a resume opens them with the
 * stored value whatever today's defaults say. Through the real engine, a tiny random Llama and SQLite.
 */
class RecipeRuntimeKnobsTest {

    @TempDir Path dir;
    private Path model;
    private Path db;
    private Path recipes;

    @BeforeEach
    void modelAndDataset() throws Exception {
        model = dir.resolve("tiny");
        RandomModelWriter.write(model, LlamaConfig.llama(64, 128, 2, 4, 2, RandomModelWriter.vocabularySize(), 1024, false),
                7, 0.2, DType.F32);
        recipes = Files.createDirectories(dir.resolve("recipes"));
        System.setProperty(RecipeLibrary.DIR_PROPERTY, recipes.toString());
        db = dir.resolve("e.db");
        RunFixtures.sums(dir, db, 3);
    }

    @AfterEach
    void noRecipeFolder() {
        System.clearProperty(RecipeLibrary.DIR_PROPERTY);
    }

    @Test
    void theRecipeSaysHowModelsDecodeAndTheStoredOneHoldsOnResume() throws Exception {
        assertThat(Recipes.builtin("spoc").copySpec()).isEqualTo(CopySpec.on());
        Cli.Result shown = Cli.run("recipes", "show", "gsr");
        assertThat(shown.out()).contains("runtime:").contains("runtime.copyspec  ").contains("runtime.copyspec_gamma")
                .contains("runtime.copyspec_max_draft");

        Cli.Result run = Cli.run("--db", db.toString(), "run", "--dataset", "sums", "--strategy", "spoc", "--model",
                model.toString(), "--limit", "2", "--max-tokens", "24", "--copyspec", "off", "--copyspec-gamma", "5",
                "--quiet", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        String id = new ObjectMapper().readTree(run.out()).get("id").asText();

        Run stored;
        try (Database database = Database.open(db)) {
            TraceStore store = new TraceStore(database);
            stored = store.run(new RunId(id)).orElseThrow();
            assertThat(stored.recipe()).contains("runtime:").contains("copyspec: false").contains("copyspec_gamma: 5");
            for (Trace t : store.traces(new RunId(id))) {
                for (Attempt a : t.attempts()) assertThat(a.stats().copying().drafted()).as("nothing drafted with it off").isZero();
                t.nodes(Verification.class).forEach(v -> assertThat(v.stats().copying().drafted()).isZero());
            }
        }
        Recipe recipe = RunLauncher.storedRecipe(stored);
        assertThat(recipe.copySpec()).isEqualTo(new CopySpec(false, 5, CopySpec.DEFAULT_MAX_DRAFT));

        // Today's defaults change; the resume still opens the model as the run began.
        Files.writeString(recipes.resolve("spoc.yaml"), """
                strategy: spoc
                runtime:
                  copyspec: on
                  copyspec_gamma: 2
                """);
        RuntimeOptions machine = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(2);
        try (Database database = Database.open(db)) {
            RunLauncher launcher = new RunLauncher(database, machine);
            try (RunLauncher.Prepared resumed = launcher.prepareResume(new RunId(id), null)) {
                assertThat(resumed.runtime()).isEqualTo(machine.withCopySpec(new CopySpec(false, 5, CopySpec.DEFAULT_MAX_DRAFT)));
            }
            Recipe today = RecipeLibrary.standard().forStrategy("spoc");
            try (RunLauncher.Prepared fresh = launcher.prepare(new RunPlan("sums", today,
                    Map.of(ModelRole.STUDENT, model.toString()), 1, 0, 1, null, null))) {
                assertThat(fresh.runtime()).as("a new run takes the recipe's, with the machine's device and threads")
                        .isEqualTo(machine.withCopySpec(new CopySpec(true, 2, CopySpec.DEFAULT_MAX_DRAFT)));
                assertThat(RecipeFiles.read(fresh.run().recipe(), "stored", Recipes::builtin).copySpec())
                        .isEqualTo(new CopySpec(true, 2, CopySpec.DEFAULT_MAX_DRAFT));
            }
        }

        Cli.Result refused = Cli.run("--db", db.toString(), "run", "--resume", id, "--copyspec", "on", "--quiet");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err().strip()).doesNotContain("\n").contains("--resume runs with the recipe stored with the run");
        Cli.Result bad = Cli.run("--db", db.toString(), "run", "--dataset", "sums", "--strategy", "spoc", "--model",
                model.toString(), "--copyspec", "sometimes", "--quiet");
        assertThat(bad.code()).isNotZero();
        assertThat(bad.err().strip()).doesNotContain("\n").contains("runtime.copyspec must be true or false (on or off), not 'sometimes'");
    }
}
