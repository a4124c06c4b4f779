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
}
