package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errata.app.services.ModelSpecs;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.RuntimeOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real path of a stream export: the demo model's SPOC run, stored, exported as reward lines
 * with a sidecar whose token offsets the demo model's own tokenizer counts.
 */
class StreamExportDemoTest {
    @TempDir Path tmp;

    @Test
    void aDemoSpocRunExportsRewardLinesWithTokenOffsetsByItsTokenizer() throws Exception {
        String db = tmp.resolve("errata.db").toString();
        Cli.Result run = Cli.run("--db", db, "run", "--dataset", "demo-heldout", "--strategy", "spoc", "--model", "demo",
                "--limit", "4", "--temperature", "0.8", "--max-turns", "3", "--device", "cpu", "--quiet", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        String id = new ObjectMapper().readTree(run.out()).get("id").asText();

        Path out = tmp.resolve("rewards.jsonl");
        Cli.Result export = Cli.run("--db", db, "export", "--run", id, "--format", "rewards", "--tokenizer", "demo",
                "--out", out.toString());
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("wrote the sidecar");
        List<String> lines = Files.readAllLines(out);
        List<String> sidecars = Files.readAllLines(tmp.resolve("rewards.sidecar.jsonl"));
        assertThat(lines).isNotEmpty().hasSameSizeAs(sidecars);
        ObjectMapper json = new ObjectMapper();
        try (LanguageModel demo = ModelSpecs.open("demo", RuntimeOptions.defaults())) {
            for (int i = 0; i < lines.size(); i++) {
                JsonNode line = json.readTree(lines.get(i));
                JsonNode side = json.readTree(sidecars.get(i));
                assertThat(side.get("id")).isEqualTo(line.get("id"));
                String completion = line.at("/completion/0/content").asText();
                assertThat(side.get("completion_tokens").asInt()).isEqualTo(demo.countTokens(completion)).isPositive();
                JsonNode messages = side.get("messages");
                assertThat(messages.size()).isEqualTo(line.get("actions").size());
                for (int m = 0; m < messages.size(); m++) {
                    JsonNode msg = messages.get(m);
                    int end = msg.get("char_end").asInt();
                    assertThat(msg.get("token_end").asInt()).isEqualTo(demo.countTokens(completion.substring(0, end)));
                    assertThat(msg.get("correct").asBoolean()).isEqualTo(line.at("/process_rewards/" + m).asDouble() > 0);
                    assertThat(msg.get("kind").asText()).isEqualTo(line.at("/actions/" + m).asText().equals("verify")
                            ? "verification" : "solution");
                }
            }
        }
    }
}
