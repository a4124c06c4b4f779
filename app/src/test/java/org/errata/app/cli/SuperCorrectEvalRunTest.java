package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.errata.correction.recipe.RecipeFiles;
import org.errata.correction.recipe.Recipes;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SuperCorrect's evaluation through the real path: the command line, the bundled demo model on
 * the real runtime, a SQLite file. The demo model was trained on SPOC streams and writes a
 * {@code \boxed{}} answer, never an {@code <Answer>} element, so SuperCorrect's scoring finds no
 * answer in its solutions: the box a step happens to hold is not read as the answer.
 */
class SuperCorrectEvalRunTest {

    @TempDir
    Path tmp;

    @Test
    void theEvaluationRecipeRunsFromTheCommandLineAndGradesOnlyTheAnswerElement() throws Exception {
        Cli.Result list = Cli.run("recipes", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("supercorrect-eval");

        String db = tmp.resolve("errata.db").toString();
        Cli.Result run = Cli.run("--db", db, "run", "--dataset", "demo-heldout", "--recipe", "supercorrect-eval",
                "--model", "demo", "--limit", "1", "--max-tokens", "48", "--device", "cpu", "--quiet", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        String id = new ObjectMapper().readTree(run.out()).get("id").asText();

        try (Database database = Database.open(Path.of(db))) {
            TraceStore store = new TraceStore(database);
            Run stored = store.run(new RunId(id)).orElseThrow();
            assertThat(stored.strategy()).isEqualTo("supercorrect-eval");
            assertThat(stored.usesGold()).isFalse();
            assertThat(stored.prompts()).containsOnlyKeys("supercorrect.system", "supercorrect.eval-user");
            assertThat(stored.prompts().get("supercorrect.system")).contains("<Step1></Step1>").contains("<Key></Key>")
                    .contains("<Generalized></Generalized>").contains("<Answer></Answer>");
            Recipe recipe = RecipeFiles.read(stored.recipe(), id, Recipes::builtin);
            assertThat(recipe.profile().answerFormat()).isEqualTo("answer_tag");
            assertThat(recipe.tokensPerCall()).isEqualTo(48);

            List<Trace> traces = store.traces(new RunId(id));
            assertThat(traces).hasSize(1);
            for (Trace t : traces) {
                assertThat(t.attempts()).hasSize(1);
                Attempt a = t.attempts().get(0);
                assertThat(a.text()).isNotBlank().doesNotContain("<Answer>");
                assertThat(a.finalAnswer()).as(a.text()).isNull();
                assertThat(a.correct()).isFalse();
            }
        }
    }
}
