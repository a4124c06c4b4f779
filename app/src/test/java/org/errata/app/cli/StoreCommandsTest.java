package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class StoreCommandsTest {
    @TempDir Path dir;

    @Test
    void timeOrderedIdsAreUuidV7AndSortByCreationTime() throws Exception {
        List<String> ids = new ArrayList<>();
        long before = System.currentTimeMillis();
        for (int i = 0; i < 2_000; i++) ids.add(BenchStoreCommand.timeOrderedId().value());
        long after = System.currentTimeMillis();
        assertThat(ids).doesNotHaveDuplicates();
        for (String id : ids) {
            UUID u = UUID.fromString(id);
            assertThat(u.version()).isEqualTo(7);
            assertThat(u.variant()).isEqualTo(2);
            assertThat(u.getMostSignificantBits() >>> 16).isBetween(before, after);
        }
        // Ids of different milliseconds sort as text in creation order.
        for (int i = 1; i < ids.size(); i++) {
            long prev = UUID.fromString(ids.get(i - 1)).getMostSignificantBits() >>> 16;
            long cur = UUID.fromString(ids.get(i)).getMostSignificantBits() >>> 16;
            if (cur > prev) assertThat(ids.get(i)).isGreaterThan(ids.get(i - 1));
        }
    }

    @Test
    void importListExportMergeAndBench() throws Exception {
        String db = dir.resolve("e.db").toString();
        Path problems = dir.resolve("gsm.jsonl");
        Files.writeString(problems, """
                {"question":"1+1?","answer":"so 2\\n#### 2","idx":0}
                {"question":"2+2?","answer":"so 4\\n#### 4","idx":1}
                not json
                """);
        Cli.Result failed = Cli.run("--db", db, "import", problems.toString());
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.err().strip()).startsWith("errata: " + problems + ":3: not JSON").doesNotContain("\tat ");

        Cli.Result skipped = Cli.run("import", problems.toString(), "--db", db, "--skip-bad", "--dataset", "g");
        assertThat(skipped.code()).isZero();
        assertThat(skipped.out()).contains("2 problems into dataset 'g'").contains(problems + ":3: not JSON");

        Path samples = dir.resolve("evals.jsonl");
        Files.writeString(samples, """
                {"idx":0,"question":"1+1?","gt":"2","code":["\\\\boxed{2}","\\\\boxed{3}"],"pred":["2","3"],"score":[true,false]}
                """);
        assertThat(Cli.run("--db", db, "import", samples.toString()).code()).isZero();

        JsonNode datasets = new ObjectMapper().readTree(Cli.run("--db", db, "datasets", "--json").out());
        assertThat(datasets).hasSize(2);
        assertThat(datasets.get(1).get("name").asText()).isEqualTo("g");
        assertThat(datasets.get(1).get("problems").asInt()).isEqualTo(2);

        JsonNode runs = new ObjectMapper().readTree(Cli.run("--db", db, "runs", "--json").out());
        assertThat(runs).hasSize(1);
        JsonNode r = runs.get(0);
        assertThat(r.get("strategy").asText()).isEqualTo("imported");
        assertThat(r.get("problems").asInt()).isEqualTo(1);
        assertThat(r.get("status").asText()).isEqualTo("imported");
        assertThat(r.get("accuracy").asDouble()).isEqualTo(1.0);
        assertThat(Cli.run("--db", db, "runs").out()).contains(r.get("id").asText()).contains("100.0% (1/1)");

        Path out = dir.resolve("run.jsonl");
        assertThat(Cli.run("--db", db, "export", "--run", r.get("id").asText(), "--format", "jsonl", "--out", out.toString()).code()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(1);
        Cli.Result missing = Cli.run("--db", db, "export", "--run", "nope", "--out", out.toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no run with id nope");

        String other = dir.resolve("other.db").toString();
        assertThat(Cli.run("--db", other, "import", out.toString()).code()).isZero();
        assertThat(Cli.run("--db", other, "merge", db).out()).contains("1 datasets, 2 problems, 0 runs, 0 traces");

        Cli.Result bench = Cli.run("--db", dir.resolve("bench.db").toString(), "bench", "store", "--problems", "50", "--nodes", "10");
        assertThat(bench.code()).isZero();
        assertThat(bench.out()).contains("50 problems x 10 nodes = 500 nodes").contains("nodes/s").contains("full (50 rows)")
                .contains("per 100k nodes").contains("(50 random trees)");
        Cli.Result ordered = Cli.run("--db", dir.resolve("bench2.db").toString(), "bench", "store", "--problems", "20",
                "--ids", "time-ordered", "--loads", "3");
        assertThat(ordered.code()).isZero();
        assertThat(ordered.out()).contains("20 problems x 10 nodes = 200 nodes").contains("(3 random trees)");
        assertThat(Cli.run("bench", "store", "--problems", "1", "--ids", "sequential").code()).isEqualTo(1);

        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "my notes, certainly not a database file");
        Cli.Result refused = Cli.run("--db", junk.toString(), "datasets");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("is not an Errata database");
        assertThat(Files.readString(junk)).isEqualTo("my notes, certainly not a database file");
    }
}
