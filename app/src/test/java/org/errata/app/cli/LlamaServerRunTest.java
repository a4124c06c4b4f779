package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.errata.app.services.RunLauncher;
import org.errata.app.services.RunPlan;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.ModelRole;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verification;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.djl.RandomModelWriter;
import org.errata.runtime.gguf.LlamaGguf;
import org.errata.runtime.reference.LlamaServer;
import org.errata.runtime.safetensors.DType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strategy runs through the OpenAI backend against llama.cpp's real {@code llama-server} (built by
 * {@code scripts/llama-server.sh}), serving a random Llama that Errata wrote as a Hugging Face folder
 * with its byte-level BPE tokenizer and converted to GGUF: {@code errata run} into a real SQLite
 * file, and a run whose server is killed mid-stream. Skips, saying why, where the server has not
 * been built (no cmake, C++ compiler or npm).
 */
@Tag("reference")
class LlamaServerRunTest {

    static final String NOT_BUILT = "llama-server not built (needs cmake, a C++ compiler and npm; "
            + "scripts/llama-reference.sh builds it)";

    @TempDir
    static Path shared;
    static LlamaServer binary;
    static Path gguf;

    @TempDir
    Path dir;
    String db;

    @BeforeAll
    static void model() throws Exception {
        String root = System.getProperty("errata.repo.root", System.getProperty("user.dir") + "/..");
        Optional<LlamaServer> found = LlamaServer.find(Path.of(root));
        if (found.isEmpty()) {
            System.out.println("LlamaServerRunTest skipped: " + NOT_BUILT);
            return;
        }
        binary = found.get();
        Path folder = shared.resolve("hf");
        RandomModelWriter.write(folder, LlamaConfig.llama(128, 344, 4, 4, 2, RandomModelWriter.vocabularySize(),
                4096, false), 11, 0.2, DType.F32);
        gguf = shared.resolve("model.gguf");
        LlamaGguf.convert(folder, gguf);
    }

    @BeforeEach
    void dataset() throws Exception {
        assumeTrue(binary != null, NOT_BUILT);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            lines.append("{\"question\":\"What is ").append(i).append(" + ").append(i + 4)
                    .append("?\",\"answer\":\"#### ").append(2 * i + 4).append("\"}\n");
        }
        Path file = dir.resolve("sums.jsonl");
        Files.writeString(file, lines);
        db = dir.resolve("e.db").toString();
        assertThat(Cli.run("--db", db, "import", file.toString(), "--dataset", "sums").code()).isZero();
    }

    @Test
    void bestOfNThroughTheServerIsStoredAndReproducibleFromItsSeed() throws Exception {
        try (LlamaServer.Running server = binary.start(gguf, "errata-tiny", 4, 1024, 2, Duration.ofSeconds(60))) {
            String first = run(server, "7");
            String again = run(server, "7");
            String other = run(server, "8");
            try (Database database = Database.open(Path.of(db))) {
                TraceStore store = new TraceStore(database);
                var stored = store.run(new RunId(first)).orElseThrow();
                assertThat(stored.models()).singleElement().satisfies(ref -> assertThat(ref.backend()).isEqualTo("openai"));
                List<Trace> traces = store.traces(new RunId(first));
                assertThat(traces).hasSize(3);
                for (Trace t : traces) {
                    List<Attempt> candidates = t.attempts().stream().filter(a -> a.role() == AttemptRole.CANDIDATE).toList();
                    assertThat(candidates).as("n = 3 candidates from one call").hasSize(3);
                    assertThat(candidates).allSatisfy(a -> {
                        assertThat(a.status()).isIn(NodeStatus.OK, NodeStatus.TRUNCATED);
                        assertThat(a.text()).isNotBlank();
                        assertThat(a.stats().tokensOut()).isPositive();
                        assertThat(a.model()).contains("errata-tiny");
                    });
                    assertThat(candidates.stream().map(Attempt::text).distinct()).as("three different samples").hasSize(3);
                    List<Verification> checks = t.nodes(Verification.class).toList();
                    assertThat(checks).as("one self check (asked with top-5 log-probabilities) per candidate").hasSize(3);
                    assertThat(checks).allSatisfy(v -> assertThat(v.status()).as(String.valueOf(v.error()))
                            .isIn(NodeStatus.OK, NodeStatus.TRUNCATED));
                }
                assertThat(texts(store, again)).as("the same seed").isEqualTo(texts(store, first));
                assertThat(texts(store, other)).as("another seed").isNotEqualTo(texts(store, first));
            }
        }
    }

    private String run(LlamaServer.Running server, String seed) throws Exception {
        Cli.Result run = Cli.run("--db", db, "run", "--dataset", "sums", "--strategy", "best-of-n",
                "--model", server.modelSpec(), "--n", "3", "--limit", "3", "--max-tokens", "24",
                "--temperature", "0.9", "--seed", seed, "--concurrency", "1", "--json", "--quiet");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(run.out());
        assertThat(summary.get("outcome").asText()).isEqualTo("finished");
        assertThat(summary.get("finished").asInt()).isEqualTo(3);
        return summary.get("id").asText();
    }

    /** Every attempt's text, by problem and position. */
    private static Map<String, List<String>> texts(TraceStore store, String run) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Trace t : store.traces(new RunId(run))) {
            out.put(t.problem().toString(), t.attempts().stream().map(Attempt::text).toList());
        }
        return out;
    }

    @Test
    void killingTheServerMidStreamKeepsThePartialTextMarkedFailed() throws Exception {
        LlamaServer.Running server = binary.start(gguf, "errata-tiny", 1, 4096, 2, Duration.ofSeconds(60));
        Map<ModelRole, String> models = new EnumMap<>(ModelRole.class);
        models.put(ModelRole.STUDENT, server.modelSpec());
        Recipe recipe = Recipe.bare("self-refine").with(Recipe.TEMPERATURE.name(), 0)
                .with(Recipe.TOKENS_PER_CALL.name(), 3000);
        RunPlan plan = new RunPlan("sums", recipe, models, 1, 0, 1, null, "killed server");
        Map<NodeId, StringBuilder> streamed = new LinkedHashMap<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<String> afterKill = new ArrayList<>();
        RunId id;
        try (Database database = Database.open(Path.of(db))) {
            RunLauncher launcher = new RunLauncher(database, RuntimeOptions.defaults());
            try (RunLauncher.Prepared prepared = launcher.prepare(plan)) {
                id = prepared.run().id();
                launcher.execute(prepared, event -> {
                    if (!(event instanceof LoopEvent.TokenDelta d)) return;
                    StringBuilder text = streamed.computeIfAbsent(d.node(), k -> new StringBuilder()).append(d.text());
                    if (killed.get()) {
                        afterKill.add(d.text());
                    } else if (text.length() >= 40) {
                        killed.set(true);
                        try {
                            server.kill();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }, new Cancellation());
            }
        } finally {
            server.close();
        }
        assertThat(killed).as("the server was killed while it streamed").isTrue();
        assertThat(server.isAlive()).isFalse();

        try (Database database = Database.open(Path.of(db))) {
            Trace trace = new TraceStore(database).traces(id).getFirst();
            Attempt attempt = trace.attempts().getFirst();
            String sent = streamed.get(attempt.id()).toString();
            assertThat(attempt.status()).isEqualTo(NodeStatus.FAILED);
            assertThat(attempt.error()).contains("mid-stream");
            assertThat(attempt.text()).as("the partial text, kept").isNotBlank().isEqualTo(sent.strip());
            assertThat(sent.length()).as("stopped well before the 3000-token limit").isLessThan(3000 * 8);
            System.out.printf("killed llama-server mid-stream: %d characters kept, %d token pieces arrived after the kill; "
                    + "error: %s%n", attempt.text().length(), afterKill.size(), attempt.error());
        }
    }
}
