package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The papers' protocol figures through the command line on a real SQLite file: a critic over an
 * imported ProcessBench set (a scripted critic behind an OpenAI-compatible server for exact
 * figures, then the bundled demo model), and the @k figures of imported and sampled runs.
 */
class ProtocolMetricsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double EPS = 1e-12;

    @TempDir Path dir;

    /** Six items in ProcessBench's schema (two subsets, named by their ids), written here. */
    private Path processBench() throws Exception {
        String items = """
                [
                 {"id": "gsm8k-0", "generator": "g", "problem": "Ann has 2 apples and buys 3.", "steps": ["She has 2.", "She buys 4.", "So 6."], "final_answer_correct": false, "label": 1},
                 {"id": "gsm8k-1", "generator": "g", "problem": "Bob has 5 pens and loses 1.", "steps": ["5 - 1 = 4.", "So 4."], "final_answer_correct": true, "label": -1},
                 {"id": "gsm8k-2", "generator": "g", "problem": "Cy runs 3 km a day for 2 days.", "steps": ["3 * 2 = 5.", "So 5."], "final_answer_correct": false, "label": 0},
                 {"id": "math-0", "generator": "g", "problem": "Solve x + 1 = 3.", "steps": ["Subtract 1.", "x = 2 - 0.", "x = 3."], "final_answer_correct": false, "label": 2},
                 {"id": "math-1", "generator": "g", "problem": "Compute 2^3.", "steps": ["2^3 = 8."], "final_answer_correct": true, "label": -1},
                 {"id": "math-2", "generator": "g", "problem": "Compute 10 / 2.", "steps": ["10 / 2 = 5.", "So 5."], "final_answer_correct": true, "label": -1}
                ]
                """;
        Path file = dir.resolve("processbench.json");
        Files.writeString(file, items);
        return file;
    }

    private static String importedRun(Cli.Result imported) {
        assertThat(imported.code()).as(imported.err()).isZero();
        Matcher m = Pattern.compile("run (\\S+): ").matcher(imported.out());
        assertThat(m.find()).as(imported.out()).isTrue();
        return m.group(1);
    }

    private static JsonNode metrics(String db, String run) throws Exception {
        Cli.Result r = Cli.run("--db", db, "metrics", "--run", run, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Test
    void aScriptedCriticOverAnImportedProcessBenchSetIsScoredAsProcessBenchReportsIt() throws Exception {
        String db = dir.resolve("e.db").toString();
        String source = importedRun(Cli.run("--db", db, "import", processBench().toString(), "--dataset", "pb"));
        Map<String, String> replies = Map.of(
                "Ann has 2 apples", "Paragraph 1 adds wrongly. \\boxed{1}",   // label 1: hit
                "Bob has 5 pens", "Every paragraph holds. \\boxed{-1}",       // label -1: hit
                "Cy runs 3 km", "The last one. \\boxed{1}",                   // label 0: miss
                "Solve x + 1 = 3.", "\\boxed{2}",                             // label 2: hit
                "Compute 2^3.", "Paragraph 0. \\boxed{0}",                    // label -1: miss
                "Compute 10 / 2.", "I am not sure.");                         // label -1: unparsed, a miss
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            server.respond((prompt, i) -> replies.entrySet().stream().filter(e -> prompt.contains(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse("no such problem"));
            Cli.Result run = Cli.run("--db", db, "run", "--over", source, "--strategy", "critic", "--model", server.spec(),
                    "--json", "--quiet");
            assertThat(run.code()).as(run.err()).isZero();
            String id = JSON.readTree(run.out()).get("id").asText();

            JsonNode m = metrics(db, id);
            // erroneous: gsm8k-0 hit, gsm8k-2 miss, math-0 hit; correct: gsm8k-1 hit, math-1 and math-2 missed
            assertThat(m.get("processbench_items").asInt()).isEqualTo(6);
            assertThat(m.get("processbench_acc_error").asDouble()).isCloseTo(2.0 / 3, within(EPS));
            assertThat(m.get("processbench_acc_correct").asDouble()).isCloseTo(1.0 / 3, within(EPS));
            assertThat(m.get("processbench_f1").asDouble()).isCloseTo(4.0 / 9, within(EPS));
            JsonNode gsm = m.get("processbench_by_subset").get("gsm8k");
            assertThat(gsm.get("acc_error").asDouble()).isEqualTo(0.5);
            assertThat(gsm.get("acc_correct").asDouble()).isEqualTo(1.0);
            assertThat(gsm.get("f1").asDouble()).isCloseTo(2.0 / 3, within(EPS));
            assertThat(m.get("processbench_by_subset").get("math").get("f1").asDouble()).isZero();
            assertThat(m.get("processbench_f1_mean").asDouble()).isCloseTo(1.0 / 3, within(EPS));
            assertThat(m.get("verifier_by_role").get("critic").get("verifications").asInt()).isEqualTo(6);

            try (Database database = Database.open(Path.of(db))) {
                TraceStore store = new TraceStore(database);
                assertThat(store.run(new RunId(id)).orElseThrow().parameters()).containsEntry("over", source);
                List<Trace> traces = store.traces(new RunId(id));
                assertThat(traces).hasSize(6);
                for (Trace t : traces) {
                    assertThat(t.attempts()).singleElement().satisfies(a -> assertThat(a.model()).isEqualTo("g"));
                    assertThat(t.nodes(HumanLabel.class).toList()).hasSize(1);
                    assertThat(t.nodes(Verification.class).toList()).singleElement()
                            .satisfies(v -> assertThat(v.role()).isEqualTo(VerifierRole.CRITIC));
                }
            }

            Cli.Result text = Cli.run("--db", db, "metrics", "--run", id);
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out()).contains("processbench_by_subset.gsm8k.f1").contains("processbench_f1_mean");

            Cli.Result refused = Cli.run("--db", db, "run", "--over", source, "--strategy", "self-refine", "--model",
                    server.spec(), "--quiet");
            assertThat(refused.code()).isNotZero();
            assertThat(refused.err()).contains("only a judging strategy (critic)").doesNotContain("\tat ");
        }
    }

    @Test
    void aStoppedRunOverSolutionsResumesOverTheSameSolutions() throws Exception {
        String db = dir.resolve("r.db").toString();
        String source = importedRun(Cli.run("--db", db, "import", processBench().toString(), "--dataset", "pb"));
        try (FakeOpenAiServer server = new FakeOpenAiServer();
             Database database = Database.open(Path.of(db))) {
            server.respond((prompt, i) -> "\\boxed{-1}");
            org.errata.app.services.RunLauncher launcher = new org.errata.app.services.RunLauncher(database,
                    org.errata.runtime.api.RuntimeOptions.defaults());
            var plan = new org.errata.app.services.RunPlan("pb",
                    org.errata.app.services.RecipeLibrary.standard().forStrategy("critic"),
                    Map.of(org.errata.correction.engine.ModelRole.STUDENT, server.spec()), 2, 1, 3, null, null);
            RunId id;
            try (var prepared = launcher.prepareOver(plan, new RunId(source))) {
                id = prepared.run().id();
                assertThat(prepared.problems()).extracting(p -> p.key()).containsExactly("gsm8k-1", "gsm8k-2", "math-0");
                org.errata.runtime.api.Cancellation stopped = new org.errata.runtime.api.Cancellation();
                stopped.cancel();
                launcher.execute(prepared, event -> { }, stopped);
            }
            assertThat(new TraceStore(database).traces(id)).isEmpty();
            try (var resumed = launcher.prepareResume(id, null)) {
                assertThat(resumed.given()).hasSize(6);
                assertThat(resumed.problems()).extracting(p -> p.key()).containsExactly("gsm8k-1", "gsm8k-2", "math-0");
                launcher.execute(resumed, event -> { }, org.errata.runtime.api.Cancellation.none());
            }
            List<Trace> traces = new TraceStore(database).traces(id);
            assertThat(traces).hasSize(3);
            assertThat(traces).allSatisfy(t -> assertThat(t.attempts()).singleElement()
                    .satisfies(a -> assertThat(a.model()).isEqualTo("g")));
        }
    }

    @Test
    void theDemoModelJudgesImportedSolutionsThroughTheRealEngine() throws Exception {
        String db = dir.resolve("demo.db").toString();
        String source = importedRun(Cli.run("--db", db, "import", processBench().toString(), "--dataset", "pb"));
        Cli.Result run = Cli.run("--db", db, "run", "--over", source, "--strategy", "critic", "--model", "demo",
                "--limit", "2", "--max-tokens", "24", "--json", "--quiet");
        assertThat(run.code()).as(run.err()).isZero();
        String id = JSON.readTree(run.out()).get("id").asText();
        JsonNode m = metrics(db, id);
        assertThat(m.get("problems").asInt()).isEqualTo(2);
        assertThat(m.get("processbench_items").asInt()).isEqualTo(2);
        for (String key : List.of("processbench_acc_error", "processbench_acc_correct", "processbench_f1")) {
            assertThat(m.has(key)).as(key).isTrue();
            assertThat(m.get(key).asDouble()).as(key).isBetween(0.0, 1.0);
        }
        try (Database database = Database.open(Path.of(db))) {
            for (Trace t : new TraceStore(database).traces(new RunId(id))) {
                Attempt given = t.attempts().get(0);
                assertThat(given.text()).isNotBlank();
                Verification v = t.nodes(Verification.class).findFirst().orElseThrow();
                assertThat(v.role()).isEqualTo(VerifierRole.CRITIC);
                assertThat(v.prompt()).contains("<paragraph_0>");
                assertThat(v.stats().tokensOut()).isPositive();
            }
        }
    }

    @Test
    void multiSampleRunsPrintMeanPassAndMajAtKAndBestOfKWhereScoresExist() throws Exception {
        String db = dir.resolve("k.db").toString();
        Path samples = dir.resolve("samples.jsonl");
        Files.writeString(samples, """
                {"idx": 0, "question": "What is 9 - 4?", "gt": "5", "code": ["\\\\boxed{5}", "\\\\boxed{6}", "\\\\boxed{6}", "\\\\boxed{5}"]}
                {"idx": 1, "question": "What is 2 + 2?", "gt": "4", "code": ["\\\\boxed{3}", "\\\\boxed{4}", "\\\\boxed{3}", "\\\\boxed{3}"]}
                """);
        String imported = importedRun(Cli.run("--db", db, "import", samples.toString(), "--dataset", "ev"));
        JsonNode m = metrics(db, imported);
        // per problem c/n: 2/4 and 1/4
        assertThat(m.get("mean_at_k").get("1").asDouble()).isEqualTo(0.5);
        assertThat(m.get("mean_at_k").get("4").asDouble()).isEqualTo(0.375);
        assertThat(m.get("pass_at_k").get("1").asDouble()).isCloseTo(0.375, within(EPS));
        assertThat(m.get("pass_at_k").get("2").asDouble()).isCloseTo((5.0 / 6 + 0.5) / 2, within(EPS));
        assertThat(m.get("maj_at_k").get("4").asDouble()).isEqualTo(0.5);   // 5 ties 6 and comes first; 3 wins
        assertThat(m.has("best_at_k_by_score")).isFalse();                   // nothing scored these samples

        Path lmEval = dir.resolve("samples_gsm8k.jsonl");
        Files.writeString(lmEval, "{\"doc_id\": 0, \"doc\": {\"question\": \"What is 3 + 3?\", \"answer\": \"3 + 3 = 6\\n#### 6\"}, "
                + "\"target\": \"3 + 3 = 6\\n#### 6\", \"resps\": [[\"So \\\\boxed{6}\", \"So \\\\boxed{7}\", \"So \\\\boxed{6}\"]], "
                + "\"filtered_resps\": [[\"6\", \"7\", \"6\"]], \"exact_match\": 0.67, \"metrics\": [\"exact_match\"]}\n");
        JsonNode h = metrics(db, importedRun(Cli.run("--db", db, "import", lmEval.toString(), "--dataset", "lm")));
        assertThat(h.get("mean_at_k").get("1").asDouble()).isEqualTo(1.0);
        assertThat(h.get("pass_at_k").get("1").asDouble()).isCloseTo(2.0 / 3, within(EPS));
        assertThat(h.get("maj_at_k").get("3").asDouble()).isEqualTo(1.0);
        assertThat(h.get("mean_at_k").get("3").asDouble()).isCloseTo(2.0 / 3, within(EPS));

        Path sums = dir.resolve("sums.jsonl");
        Files.writeString(sums, "{\"question\":\"What is 1 + 2?\",\"answer\":\"#### 3\",\"idx\":0}\n");
        assertThat(Cli.run("--db", db, "import", sums.toString(), "--dataset", "sums").code()).isZero();
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            String[] candidates = {"It is \\boxed{4}.", "It is \\boxed{3}.", "It is \\boxed{4}."};
            server.respond((prompt, i) -> prompt.contains("Is the answer correct")
                    ? "Verification: Is the answer correct (Yes/No)? " + (prompt.contains("\\boxed{3}") ? "Yes" : "No")
                    : candidates[i]);
            Cli.Result run = Cli.run("--db", db, "run", "--dataset", "sums", "--strategy", "best-of-n", "--n", "3",
                    "--model", server.spec(), "--json", "--quiet");
            assertThat(run.code()).as(run.err()).isZero();
            JsonNode b = metrics(db, JSON.readTree(run.out()).get("id").asText());
            assertThat(b.get("best_at_k_by_score").get("1").asDouble()).isZero();    // the first sample alone: 4
            assertThat(b.get("best_at_k_by_score").get("2").asDouble()).isEqualTo(1.0);
            assertThat(b.get("best_at_k_by_score").get("3").asDouble()).isEqualTo(1.0);
            assertThat(b.get("maj_at_k").get("3").asDouble()).isZero();             // 4 wins the vote
            assertThat(b.get("pass_at_k").get("1").asDouble()).isCloseTo(1.0 / 3, within(EPS));
            assertThat(b.get("verifier_by_role").get("self").get("tn").asInt()).isEqualTo(1);
            assertThat(b.get("verifier_by_role").get("self").get("tp").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aGsrRunReportsItsRefinementGapAndAllWrongToCorrectRate() throws Exception {
        String db = dir.resolve("g.db").toString();
        importSums(db);
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            // 1 + 2: every candidate wrong, the refinement right; 2 + 2: one candidate right, the vote and the refinement wrong
            server.respond((prompt, i) -> {
                boolean first = prompt.contains("1 + 2");
                if (prompt.contains("Candidate solution 1")) return first ? "So \\boxed{3}." : "So \\boxed{5}.";
                return "So \\boxed{" + (first ? new String[] {"5", "5", "6"} : new String[] {"4", "5", "5"})[i] + "}.";
            });
            Cli.Result run = Cli.run("--db", db, "run", "--dataset", "sums", "--strategy", "gsr", "--n", "3",
                    "--model", server.spec(), "--json", "--quiet");
            assertThat(run.code()).as(run.err()).isZero();
            JsonNode m = metrics(db, JSON.readTree(run.out()).get("id").asText());
            assertThat(m.get("refine_problems").asInt()).isEqualTo(2);
            assertThat(m.get("refine_acc").asDouble()).isEqualTo(0.5);
            assertThat(m.get("refine_maj_at_n").asDouble()).isZero();
            assertThat(m.get("refine_pass_at_n").asDouble()).isEqualTo(0.5);
            assertThat(m.get("refine_mean_candidate_acc").asDouble()).isCloseTo(1.0 / 6, within(EPS));
            assertThat(m.get("refinement_gap").asDouble()).isEqualTo(0.5);
            assertThat(m.get("refinement_gap_relative").isNull()).isTrue();      // maj@N is 0
            assertThat(m.get("refine_all_wrong").asInt()).isEqualTo(1);
            assertThat(m.get("refine_all_wrong_to_correct_rate").asDouble()).isEqualTo(1.0);
            assertThat(m.get("refine_any_right_to_wrong_rate").asDouble()).isEqualTo(1.0);
            assertThat(m.get("maj_at_k").get("3").asDouble()).isZero();
            assertThat(m.get("pass_at_k").get("3").asDouble()).isEqualTo(0.5);
        }
    }

    @Test
    void deltaForAChosenPairOfTurnsInJsonAndText() throws Exception {
        String db = dir.resolve("t.db").toString();
        importSums(db);
        try (FakeOpenAiServer server = new FakeOpenAiServer()) {
            // the actor first answers 4 (right for 2 + 2 only); the critic flags a 4 to 1 + 2 and the rewrite says 3
            server.respond((prompt, i) -> {
                if (prompt.contains("[Math Problem]")) {
                    return prompt.contains("1 + 2") && prompt.contains("boxed{4}") ? "\\boxed{0}" : "\\boxed{-1}";
                }
                return prompt.contains("Critique:") ? "So \\boxed{3}." : "So \\boxed{4}.";
            });
            Cli.Result run = Cli.run("--db", db, "run", "--dataset", "sums", "--strategy", "critic", "--model", server.spec(),
                    "--json", "--quiet");
            assertThat(run.code()).as(run.err()).isZero();
            String id = JSON.readTree(run.out()).get("id").asText();
            Cli.Result json = Cli.run("--db", db, "metrics", "--run", id, "--json", "--turns", "1,2");
            assertThat(json.code()).as(json.err()).isZero();
            JsonNode m = JSON.readTree(json.out());
            assertThat(m.get("delta_turns").get("acc_t1").asDouble()).isEqualTo(0.5);
            assertThat(m.get("delta_turns").get("acc_t2").asDouble()).isEqualTo(1.0);
            assertThat(m.get("delta_turns").get("delta_i_to_c").asDouble()).isEqualTo(0.5);
            assertThat(m.get("delta_by_turns").get("1->2").get("delta").asDouble()).isEqualTo(0.5);
            Cli.Result text = Cli.run("--db", db, "metrics", "--run", id, "--turns", "2,1");
            assertThat(text.out()).containsPattern("delta_turns\\.delta\\s+-0\\.5000");
            Cli.Result bad = Cli.run("--db", db, "metrics", "--run", id, "--turns", "0,2");
            assertThat(bad.code()).isNotZero();
            assertThat(bad.err()).contains("--turns takes two turns counted from 1");
        }
    }

    /** Two GSM8K-style problems, 1 + 2 and 2 + 2, imported as the dataset "sums". */
    private void importSums(String db) throws Exception {
        Path sums = dir.resolve("sums.jsonl");
        Files.writeString(sums, "{\"question\":\"What is 1 + 2?\",\"answer\":\"#### 3\",\"idx\":0}\n"
                + "{\"question\":\"What is 2 + 2?\",\"answer\":\"#### 4\",\"idx\":1}\n");
        assertThat(Cli.run("--db", db, "import", sums.toString(), "--dataset", "sums").code()).isZero();
    }
}
