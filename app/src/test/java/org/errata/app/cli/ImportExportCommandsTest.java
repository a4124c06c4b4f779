package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.errata.persistence.io.ImportFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import and export through the real command line: formats listed, grading reported, empty exports refused. */
class ImportExportCommandsTest {
    @TempDir Path dir;

    @Test
    void importHelpListsEveryFormatOnOneLine() {
        Cli.Result help = Cli.run("import", "--help");
        assertThat(help.code()).isZero();
        for (ImportFormat f : ImportFormat.values()) {
            assertThat(help.out()).as(f.wireName()).containsPattern("(?m)^  " + f.wireName() + " +\\S.*$");
        }
        // One line each: nothing after the heading wraps onto a line of its own.
        String formats = help.out().substring(help.out().indexOf("Formats (--format):"));
        assertThat(formats.lines().skip(1).filter(l -> !l.isBlank()).toList()).hasSize(ImportFormat.values().length)
                .allSatisfy(l -> assertThat(l).startsWith("  "));
    }

    @Test
    void importReportsDisagreementsAndAnEmptyExportExitsNonZeroWithItsReason() throws Exception {
        String db = dir.resolve("e.db").toString();
        Path samples = dir.resolve("evals.jsonl");
        Files.writeString(samples, """
                {"idx": 0, "question": "What is 9 - 4?", "gt": "5", "code": ["So \\\\boxed{5}.", "So \\\\boxed{6}."], "score": [true, true]}
                """);
        Cli.Result imported = Cli.run("--db", db, "import", samples.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("graded 2 attempts against gold").contains("the file's own label disagrees on 1")
                .contains("evals.jsonl:1: 0 sample 1 (unknown): the file says right, Errata says wrong (answer '6', gold '5')");
        String run = imported.out().replaceAll("(?s).*run ([0-9a-f-]{36}).*", "$1");
        Path out = dir.resolve("prm.jsonl");
        Cli.Result empty = Cli.run("--db", db, "export", "--run", run, "--format", "trl-prm", "--out", out.toString());
        assertThat(empty.code()).isNotZero();
        assertThat(empty.err()).startsWith("errata: 0 PRM items: no attempt has a human label");
        assertThat(out).doesNotExist();
        Cli.Result allowed = Cli.run("--db", db, "export", "--run", run, "--format", "trl-prm", "--out", out.toString(), "--allow-empty");
        assertThat(allowed.code()).isZero();
        assertThat(out).isEmptyFile();
        Cli.Result dpo = Cli.run("--db", db, "export", "--run", run, "--format", "trl-dpo", "--out", dir.resolve("dpo.jsonl").toString());
        assertThat(dpo.code()).as(dpo.err()).isZero();
        assertThat(dpo.out()).contains("wrote 1 lines (trl-dpo)");
    }

    @Test
    void aChangedGoldNeedsReplace() throws Exception {
        String db = dir.resolve("g.db").toString();
        Path a = dir.resolve("a.jsonl");
        Files.writeString(a, "{\"idx\": 0, \"question\": \"q\", \"gt\": \"5\", \"code\": [\"\\\\boxed{5}\"]}\n");
        assertThat(Cli.run("--db", db, "import", a.toString(), "--dataset", "d").code()).isZero();
        Path b = dir.resolve("b.jsonl");
        Files.writeString(b, "{\"idx\": 0, \"question\": \"q\", \"answer\": \"6\"}\n");
        Cli.Result refused = Cli.run("--db", db, "import", b.toString(), "--dataset", "d");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("would change the gold answer of 1 problem").contains("--replace");
        Cli.Result replaced = Cli.run("--db", db, "import", b.toString(), "--dataset", "d", "--replace");
        assertThat(replaced.code()).isZero();
        assertThat(replaced.out()).contains("gold answers changed: runs graded against the old ones: ");
    }

    @Test
    void aPrm800kTraceShowsItsAlternativesAndAGiveUpAsWhatTheyAre() throws Exception {
        String db = dir.resolve("p.db").toString();
        Path prm = dir.resolve("prm.jsonl");
        Files.writeString(prm, "{\"labeler\": \"l1\", \"timestamp\": \"2022-08-01T00:00:00\", \"question\": {\"problem\": \"What is 1+1?\", \"ground_truth_answer\": \"2\"},"
                + " \"label\": {\"steps\": [{\"completions\": [{\"text\": \"1+1 = 2.\", \"rating\": 1, \"flagged\": null}],"
                + " \"human_completion\": {\"text\": \"One plus one is two.\", \"rating\": 1}, \"chosen_completion\": 0},"
                + " {\"completions\": [{\"text\": \"Hmm.\", \"rating\": 0, \"flagged\": null}], \"human_completion\": null, \"chosen_completion\": null}],"
                + " \"total_time\": 5, \"finish_reason\": \"give_up\"}}\n");
        Cli.Result imported = Cli.run("--db", db, "import", prm.toString(), "--dataset", "prm");
        assertThat(imported.code()).as(imported.err()).isZero();
        String run = imported.out().replaceAll("(?s).*run ([0-9a-f-]{36}).*", "$1");
        Path runFile = dir.resolve("run.jsonl");
        assertThat(Cli.run("--db", db, "export", "--run", run, "--out", runFile.toString()).code()).isZero();
        String pid = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readAllLines(runFile).getFirst()).get("problem_id").asText();
        Path html = dir.resolve("t.html");
        Cli.Result exported = Cli.run("--db", db, "export", "--run", run, "--problem", pid, "--format", "html", "--out", html.toString());
        assertThat(exported.code()).as(exported.err()).isZero();
        assertThat(Files.readString(html)).contains("Alternative to step 1 · human").contains("One plus one is two.")
                .contains("gave up at step 2 (no error found)").doesNotContain("all steps correct · give_up");
    }
}
