package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.app.Main;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.djl.RandomModelWriter;
import org.errata.runtime.safetensors.DType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * {@code errata run} / {@code metrics} / {@code runs} end to end through the real engine: a tiny
 * random Llama written here, the DJL backend, SQLite. One run is killed with SIGKILL mid-way and
 * resumed; it must end with every problem exactly once.
 */
class RunCommandTest {

    private static final int PROBLEMS = 24;

    @TempDir Path dir;
    private Path model;
    private String db;
    private Path recipes;

    @org.junit.jupiter.api.AfterEach
    void noRecipeFolder() {
        System.clearProperty(org.errata.app.services.RecipeLibrary.DIR_PROPERTY);
    }

    @BeforeEach
    void modelAndDataset() throws Exception {
        model = dir.resolve("tiny");
        LlamaConfig config = LlamaConfig.llama(64, 128, 2, 4, 2, RandomModelWriter.vocabularySize(), 1024, false);
        RandomModelWriter.write(model, config, 7, 0.2, DType.F32);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < PROBLEMS; i++) {
            lines.append("{\"question\":\"What is ").append(i).append(" + ").append(i + 1)
                    .append("?\",\"answer\":\"#### ").append(2 * i + 1).append("\",\"idx\":").append(i).append("}\n");
        }
        Path file = dir.resolve("sums.jsonl");
        Files.writeString(file, lines);
        db = dir.resolve("e.db").toString();
        recipes = Files.createDirectories(dir.resolve("recipes"));
        System.setProperty(org.errata.app.services.RecipeLibrary.DIR_PROPERTY, recipes.toString());
        assertThat(Cli.run("--db", db, "import", file.toString(), "--dataset", "sums").code()).isZero();
    }

    @Test
    void runThenMetricsThroughTheRealEngine() throws Exception {
        Cli.Result run = Cli.run("--db", db, "run", "--dataset", "sums", "--strategy", "self-refine", "--model", model.toString(),
                "--limit", "3", "--max-tokens", "12", "--max-turns", "2", "--temperature", "0.7", "--json", "--quiet");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(run.out());
        assertThat(summary.get("outcome").asText()).isEqualTo("finished");
        assertThat(summary.get("finished").asInt()).isEqualTo(3);
        String id = summary.get("id").asText();

        JsonNode runs = new ObjectMapper().readTree(Cli.run("--db", db, "runs", "--json").out());
        JsonNode mine = null;
        for (JsonNode r : runs) if (r.get("id").asText().equals(id)) mine = r;
        assertThat(mine).isNotNull();
        assertThat(mine.get("strategy").asText()).isEqualTo("self-refine");
        assertThat(mine.get("problems").asInt()).isEqualTo(3);
        assertThat(mine.get("status").asText()).isEqualTo("finished");

        Cli.Result metrics = Cli.run("--db", db, "metrics", "--run", id, "--json");
        assertThat(metrics.code()).as(metrics.err()).isZero();
        JsonNode m = new ObjectMapper().readTree(metrics.out());
        for (String key : List.of("problems", "acc_first", "acc_final", "delta", "delta_i_to_c", "delta_c_to_i",
                "verifier_accuracy", "verifier_precision", "verifier_recall", "first_error_accuracy", "tokens_per_solved")) {
            assertThat(m.has(key)).as("metrics key " + key).isTrue();
        }
        assertThat(m.get("problems").asInt()).isEqualTo(3);

        try (Database database = Database.open(Path.of(db))) {
            TraceStore store = new TraceStore(database);
            var stored = store.run(new RunId(id)).orElseThrow();
            assertThat(stored.models()).singleElement().satisfies(ref -> {
                assertThat(ref.location()).isEqualTo(model.toString());
                assertThat(ref.weightsHash()).hasSize(64);
                assertThat(ref.backend()).isEqualTo("djl");
            });
            assertThat(stored.prompts()).isNotEmpty();
            for (Trace t : store.traces(new RunId(id))) {
                assertThat(t.attempts()).isNotEmpty();
                assertThat(t.attempts().get(0).prompt()).contains("What is");
            }
        }
    }

    /**
     * Killed mid-run, then resumed after the user changed the defaults (a {@code spoc.yaml} in
     * the recipe folder with other budgets, turns and prompt): the resumed problems run with the
     * stored recipe, and every problem is there exactly once.
     */
    @Test
    void aRunKilledWithSigkillResumesWithItsStoredRecipeAndEveryProblemExactlyOnce() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(javaBin, "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true", "-D" + org.errata.app.services.RecipeLibrary.DIR_PROPERTY + "=" + recipes, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--db", db, "run", "--dataset", "sums", "--strategy", "spoc", "--model", model.toString(),
                "--max-tokens", "40", "--concurrency", "2", "--temperature", "0.8", "--seed", "5"));
        Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String id = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> killAfterProgress(child, 4));
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        int finishedBefore;
        try (Database database = Database.open(Path.of(db))) {
            TraceStore store = new TraceStore(database);
            assertThat(store.run(new RunId(id)).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            finishedBefore = store.finishedProblems(new RunId(id)).size();
        }
        assertThat(finishedBefore).as("the kill came mid-run").isLessThan(PROBLEMS);
        String storedRecipe;
        try (Database database = Database.open(Path.of(db))) {
            storedRecipe = new TraceStore(database).run(new RunId(id)).orElseThrow().recipe();
        }
        assertThat(storedRecipe).contains("tokens_per_call: 40").contains("max_turns: 3");

        Files.writeString(recipes.resolve("spoc.yaml"), """
                strategy: spoc
                params:
                  max_turns: 1
                budgets:
                  tokens_per_call: 4
                sampling:
                  temperature: 0.0
                prompts:
                  spoc.user: "CHANGED DEFAULT {{problem}}"
                """);
        assertThat(Cli.run("--db", db, "recipes", "show", "spoc").out()).as("the defaults did change")
                .contains("max_turns").contains("1  (default 3)");

        Cli.Result resumed = Cli.run("--db", db, "run", "--resume", id, "--quiet", "--json");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(new ObjectMapper().readTree(resumed.out()).get("finished").asInt())
                .isEqualTo(PROBLEMS - finishedBefore);

        try (Database database = Database.open(Path.of(db))) {
            TraceStore store = new TraceStore(database);
            RunId run = new RunId(id);
            assertThat(store.run(run).orElseThrow().status()).isEqualTo(RunStatus.FINISHED);
            assertThat(store.run(run).orElseThrow().recipe()).isEqualTo(storedRecipe);
            List<Trace> traces = store.traces(run);
            int longStreams = 0;
            for (Trace t : traces) {
                for (Attempt a : t.attempts()) {
                    assertThat(a.prompt()).as("the stored prompt, not today's default").doesNotContain("CHANGED DEFAULT");
                }
                if (t.attempts().get(0).stats().tokensOut() > 2 * 1 * 4) longStreams++;
            }
            assertThat(longStreams).as("streams longer than the changed defaults allow: the stored budgets ran")
                    .isGreaterThan(PROBLEMS - finishedBefore - 1);
            assertThat(traces).hasSize(PROBLEMS);
            assertThat(traces.stream().map(Trace::problem).distinct()).hasSize(PROBLEMS);
            Set<String> nodeIds = new HashSet<>();
            for (Trace t : traces) {
                assertThat(t.status()).isEqualTo(TraceStatus.FINISHED);
                List<Attempt> firstTurns = t.attempts().stream().filter(a -> a.turn() == 1).toList();
                assertThat(firstTurns).as("one first attempt in " + t.problem()).hasSize(1);
                for (TraceNode n : t.nodes()) assertThat(nodeIds.add(n.id().value())).isTrue();
                List<Integer> seqs = t.nodes().stream().map(TraceNode::seq).toList();
                assertThat(seqs).doesNotHaveDuplicates();
            }
        }
    }

    /** Reads the child's progress line until {@code done} problems are reported, then SIGKILLs it; returns the run id. */
    private static String killAfterProgress(Process child, int done) throws Exception {
        Pattern runLine = Pattern.compile("run ([0-9a-f-]{36}):");
        Pattern progress = Pattern.compile("\\] (\\d+)/\\d+");
        StringBuilder text = new StringBuilder();
        String id = null;
        InputStream err = child.getErrorStream();
        int c;
        while ((c = err.read()) >= 0) {
            text.append((char) c);
            if (c != '\r' && c != '\n' && c != ' ') continue;
            if (id == null) {
                Matcher m = runLine.matcher(text);
                if (m.find()) id = m.group(1);
            }
            Matcher p = progress.matcher(text);
            int last = -1;
            while (p.find()) last = Integer.parseInt(p.group(1));
            if (id != null && last >= done) {
                child.destroyForcibly();
                child.waitFor();
                return id;
            }
        }
        child.waitFor();
        throw new AssertionError("the run ended before it could be killed:\n"
                + new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
