package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errata.app.services.RecipeLibrary;
import org.errata.correction.engine.Knob;
import org.errata.correction.engine.LoopOutcome;
import org.errata.correction.engine.ModelSet;
import org.errata.correction.engine.RunEngine;
import org.errata.correction.engine.RunRecords;
import org.errata.correction.engine.StrategyRegistry;
import org.errata.correction.engine.TraceCollector;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.recipe.RecipeFiles;
import org.errata.correction.recipe.Recipes;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.fake.ScriptedLanguageModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code errata recipes list | show | export} and the README's recipe examples, run as written. */
class RecipesCommandTest {

    private static final Path README = Path.of("..", "README.md");

    @TempDir Path dir;

    @BeforeEach
    void emptyRecipeFolder() throws Exception {
        System.setProperty(RecipeLibrary.DIR_PROPERTY, Files.createDirectories(dir.resolve("recipes")).toString());
    }

    @AfterEach
    void noRecipeFolder() {
        System.clearProperty(RecipeLibrary.DIR_PROPERTY);
    }

    /** The first fenced block after {@code marker} in the README. */
    private static String readmeBlock(String marker, String fence) throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int at = readme.indexOf(marker);
        assertThat(at).as("README has " + marker).isNotNegative();
        int open = readme.indexOf(fence + "\n", at);
        int close = readme.indexOf("\n```\n", open);
        return readme.substring(open + fence.length() + 1, close + 1);
    }

    @Test
    void exportSpocRoundTripsAndIsWhatTheReadmeShows() throws Exception {
        Cli.Result printed = Cli.run("recipes", "export", "spoc");
        assertThat(printed.code()).as(printed.err()).isZero();
        assertThat(printed.out().replaceFirst("errata_version: .*\n", ""))
                .isEqualTo(readmeBlock("`./errata recipes export spoc` prints:", "```yaml").replaceFirst("errata_version: .*\n", ""));

        Path file = dir.resolve("spoc.yaml");
        assertThat(Cli.run("recipes", "export", "spoc", "--out", file.toString()).code()).isZero();
        assertThat(Files.readString(file)).isEqualTo(printed.out());
        assertThat(RecipeLibrary.read(file)).isEqualTo(Recipes.builtin("spoc"));
        Cli.Result again = Cli.run("recipes", "export", file.toString());
        assertThat(again.out()).as("exporting the exported file changes nothing").isEqualTo(printed.out());
    }

    @Test
    void showListsEveryKnobOfEachStrategyWithItsDefaultAndHelp() {
        for (String id : StrategyRegistry.ids()) {
            Cli.Result r = Cli.run("recipes", "show", id);
            assertThat(r.code()).as(r.err()).isZero();
            for (Knob k : Recipe.knobs(id)) {
                assertThat(r.out()).as(id + " " + k.name()).contains(k.name()).contains(k.help());
                if (!k.name().startsWith(Recipe.PROMPTS)) {
                    assertThat(r.out()).as(id + " " + k.name()).containsPattern(
                            "(?m)^  " + java.util.regex.Pattern.quote(k.name()) + " +" + java.util.regex.Pattern.quote(
                                    Knob.show(Recipes.builtin(id).get(k.name())).isEmpty() ? "\"\"" : Knob.show(Recipes.builtin(id).get(k.name()))));
                }
            }
        }
        Cli.Result spoc = Cli.run("recipes", "show", "spoc");
        assertThat(spoc.out()).containsPattern("(?m)^  max_turns +3$")
                .contains("Most solutions in one SPOC stream (each followed by its verification).; int, 1..64");
        assertThat(Cli.run("recipes", "show", "s2r").out()).containsPattern("(?m)^  max_turns +4$");
        assertThat(Cli.run("recipes", "show", "score").out()).doesNotContain("max_turns");

        Cli.Result list = Cli.run("recipes", "list");
        assertThat(list.out()).contains("spoc").contains("supercorrect").contains("your recipe folder: " + dir.resolve("recipes"));
    }

    @Test
    void theReadmesOwnFormatExampleRunsSpocThroughTheRecipeFileAlone() throws Exception {
        Path file = dir.resolve("my-model-spoc.yaml");
        Files.writeString(file, readmeBlock("### Bring your own model's format", "```yaml"));
        Cli.Result shown = Cli.run("recipes", "show", file.toString());
        assertThat(shown.code()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("my-model-spoc").containsPattern("(?m)^  profile.verdict_marker +Final verdict:  \\(default");

        Recipe recipe = RecipeLibrary.read(file);
        String stream = """
                25 * 2 = 50, and 17 + 50 = 68, so the answer is \\boxed{68}.

                Check: 17 + 50 = 67, not 68.
                Final verdict: incorrect

                25 * 2 = 50, and 17 + 50 = 67, so the answer is \\boxed{67}.

                Check: 17 + 50 = 67.
                Final verdict: **Correct**.
                This line comes after the accepted answer and must never be read.""";
        ScriptedLanguageModel model = ScriptedLanguageModel.replaying(stream);
        Problem problem = Problem.of("test", "1", "What is 17 + 25 * 2?", "67");
        ModelSet models = ModelSet.of(model);
        Run run = RunRecords.create("readme", "test", recipe.strategyInstance(), models, recipe.runOptions(1), "test", null);
        TraceCollector traces = new TraceCollector();
        RunEngine.RunSummary summary = new RunEngine(recipe.strategyInstance(), models, recipe.runOptions(1))
                .run(run, List.of(problem), java.util.Set.of(), traces, Cancellation.none());

        assertThat(summary.outcomes().get(problem.id())).isInstanceOf(LoopOutcome.Solved.class);
        assertThat(model.prompts()).singleElement().asString()
                .contains("end the check with \"Final verdict: correct\" or \"Final verdict: incorrect\"")
                .contains("What is 17 + 25 * 2?");
        Trace trace = traces.trace(problem.id()).orElseThrow();
        assertThat(trace.attempts()).extracting(Attempt::finalAnswer).containsExactly("68", "67");
        assertThat(trace.nodes(Verification.class).map(Verification::verdict).toList())
                .containsExactly(Verdict.INCORRECT, Verdict.CORRECT);
        assertThat(trace.correct()).isTrue();
        assertThat(trace.nodes().stream().map(Object::toString).toList()).noneMatch(t -> t.contains("must never be read"));
    }

    @Test
    void badRecipesAreOneLineErrorsNamingFileLineAndKey() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "strategy: spoc\nparams:\n  max_turns: many\n");
        Cli.Result r = Cli.run("--db", dir.resolve("e.db").toString(), "run", "--recipe", bad.toString(),
                "--dataset", "x", "--model", "demo");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("errata: " + bad + ":3: max_turns: max_turns must be a whole number, not 'many'");

        Cli.Result unknown = Cli.run("--db", dir.resolve("e.db").toString(), "run", "--strategy", "spoc",
                "--set", "max_turn=2", "--dataset", "x", "--model", "demo");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("unknown key 'max_turn'; valid keys: max_turns, spoc_mode").doesNotContain("\tat ");

        Files.writeString(bad, "errata_recipe: 3\nerrata_version: 2.0.0\nstrategy: spoc\n");
        assertThat(Cli.run("recipes", "show", bad.toString()).err())
                .contains("written by Errata 2.0.0 (recipe format 3)");
    }

    @Test
    void theReadmesKnobTableAndGsrListingAreWhatTheStrategiesDeclare() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        for (String id : StrategyRegistry.ids()) {
            java.util.regex.Matcher row = java.util.regex.Pattern.compile("(?m)^\\| `" + java.util.regex.Pattern.quote(id)
                    + "` \\| (.*) \\|$").matcher(readme);
            assertThat(row.find()).as("README lists the knobs of " + id).isTrue();
            List<Knob> knobs = StrategyRegistry.knobs(id).orElseThrow();
            String expected = knobs.isEmpty() ? null : String.join(", ", knobs.stream()
                    .map(k -> "`" + k.name() + "` (" + Knob.show(k.defaultValue()) + ")").toList());
            if (expected == null) assertThat(row.group(1)).as(id).startsWith("none");
            else assertThat(row.group(1)).as(id).isEqualTo(expected);
        }
        String shown = Cli.run("recipes", "show", "gsr").out();
        String block = readmeBlock("`./errata recipes show gsr` begins:", "```text");
        assertThat(shown).as("the README's listing is the command's output").startsWith(block);
    }
}
