package org.errata.correction.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real benchmark files, when present (system property errata.shared.data): the answer extracted
 * from each reference solution must grade equal to the reference answer. Skipped without data.
 */
class SharedDataGradingTest {

    private static List<JsonNode> read(String file) throws IOException {
        String dir = System.getProperty("errata.shared.data");
        assumeTrue(dir != null, "errata.shared.data not set");
        Path p = Path.of(dir, file);
        assumeTrue(Files.isRegularFile(p), p + " absent");
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(p)) if (!line.isBlank()) rows.add(json.readTree(line));
        return rows;
    }

    @Test
    void math500SolutionBoxesMatchTheirAnswers() throws IOException {
        List<JsonNode> rows = read("math500_test.jsonl");
        Grader grader = Grader.standard();
        List<String> misses = new ArrayList<>();
        for (JsonNode r : rows) {
            String gold = r.get("answer").asText();
            var graded = grader.gradeSolution(gold, r.get("solution").asText());
            if (graded.isEmpty() || !graded.get().result().equivalent()) {
                misses.add(gold + " <- " + graded.map(g -> g.extracted().answer()).orElse("(none)"));
            }
            assertThat(grader.equivalent(gold, gold)).as("self-equivalence of %s", gold).isTrue();
        }
        System.out.println("MATH500 reference boxes equivalent to answers: " + (rows.size() - misses.size()) + "/" + rows.size());
        misses.forEach(m -> System.out.println("  miss: " + m));
        assertThat(misses.size()).as("misses %s", misses).isLessThanOrEqualTo(rows.size() / 100);
    }

    @Test
    void gsm8kHashAnswersAreExtractedAndMatchFloatsWithTrailingZero() throws IOException {
        List<JsonNode> rows = read("gsm8k_test.jsonl");
        Grader grader = Grader.standard();
        for (JsonNode r : rows) {
            var extracted = grader.extractor().extract(r.get("answer").asText()).orElseThrow();
            assertThat(extracted.extractor()).isEqualTo("gsm8k");
            String n = extracted.answer();
            assertThat(grader.equivalent(n, n.replace(",", "") + ".0")).as(n).isTrue();
        }
    }
}
