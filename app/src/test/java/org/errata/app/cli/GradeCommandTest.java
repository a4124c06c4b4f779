package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.errata.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GradeCommandTest {

    @TempDir Path dir;

    @Test
    void gradesEachLineAndReportsMalformedOnesWithFileAndLine() throws Exception {
        Path in = dir.resolve("pairs.jsonl");
        Files.writeString(in, String.join("\n",
                "{\"id\": 1, \"gold\": \"\\\\frac{1}{2}\", \"pred\": \"So the result is $\\\\boxed{0.5}$.\"}",
                "{\"gold\": 27.0, \"pred\": \"28\"}",
                "not json",
                "",
                "{\"gold\": \"3\"}",
                "{\"gold\": \"(1,2)\", \"pred\": \"(1, 2)\"}",
                "{\"gold\": \"\\\\sqrt{12}\", \"pred\": \"2\\\\sqrt{3}\"}",
                "{\"gold\": \"\\\\frac{\", \"pred\": \"1\"}") + "\n");
        Path out = dir.resolve("graded.jsonl");
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("grade", "--pairs", in.toString(), "--out", out.toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains(in + ":3: not JSON").contains(in + ":5: missing \"pred\"")
                .contains("graded 5 line(s): 3 equivalent, 2 not; 2 malformed");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = Files.readAllLines(out).stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertThat(rows).hasSize(5);
        JsonNode first = rows.get(0);
        assertThat(first.get("id").asInt()).isEqualTo(1);
        assertThat(first.get("equivalent").asBoolean()).isTrue();
        assertThat(first.get("extracted").get("pred").asText()).isEqualTo("0.5");
        assertThat(first.get("extracted").get("pred_extractor").asText()).isEqualTo("boxed");
        assertThat(first.get("extracted").get("gold_extractor").asText()).isEqualTo("raw");
        assertThat(first.get("checkers").get("string").asBoolean()).isTrue();
        assertThat(first.get("checkers").get("numeric").asBoolean()).isTrue();
        assertThat(first.get("checkers").get("cas").asBoolean()).isTrue();
        assertThat(rows.get(1).get("equivalent").asBoolean()).isFalse();
        assertThat(rows.get(1).get("checkers_disagree").asBoolean()).isFalse();
        assertThat(rows.get(1).get("checkers").get("cas").asBoolean()).isFalse();
        assertThat(rows.get(2).get("equivalent").asBoolean()).isTrue();
        JsonNode radicals = rows.get(3).get("checkers");
        assertThat(radicals.get("string").asBoolean()).isFalse();
        assertThat(radicals.get("cas").asBoolean()).isTrue();
        JsonNode unreadable = rows.get(4).get("checkers");
        assertThat(unreadable.has("cas")).isTrue();
        assertThat(unreadable.get("cas").isNull()).as("no verdict").isTrue();
        assertThat(rows.get(4).get("equivalent").asBoolean()).isFalse();
    }

    @Test
    void cleanFileExitsZeroAndWritesToStandardOutput() throws Exception {
        JsonNode row = gradeOneLine("{\"gold\": \"18\", \"pred\": \"Janet earns 18 dollars.\\n#### 18\"}\n");
        assertThat(row.get("equivalent").asBoolean()).isTrue();
        assertThat(row.get("extracted").get("pred_extractor").asText()).isEqualTo("gsm8k");
    }

    @Test
    void theCasCheckerCanBeLeftOut() throws Exception {
        JsonNode checkers = gradeOneLine("{\"gold\": \"12\", \"pred\": \"13\"}\n", "--cas", "NEVER").get("checkers");
        assertThat(checkers.has("numeric")).isTrue();
        assertThat(checkers.has("cas")).isFalse();
    }

    /** Grades a one-line pairs file to standard output (the command must exit 0) and reads the row back. */
    private JsonNode gradeOneLine(String line, String... options) throws Exception {
        Path in = Files.writeString(dir.resolve("one.jsonl"), line);
        StringWriter stdout = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(stdout));
        cli.setErr(new PrintWriter(new StringWriter()));
        List<String> args = new ArrayList<>(List.of("grade", "--pairs", in.toString()));
        args.addAll(List.of(options));
        assertThat(cli.execute(args.toArray(String[]::new))).isZero();
        return new ObjectMapper().readTree(stdout.toString().strip());
    }
}
