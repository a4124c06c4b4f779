package org.errata.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class HeldOutSetTest {

    @Test
    void theBundledFileIsTheHeldOutSetAndTrainingNeverDrawsFromIt() throws Exception {
        Path file = Path.of("..", "assets", "src", "main", "resources", "org", "errata", "assets", "demo-heldout.jsonl");
        Assumptions.assumeTrue(Files.isRegularFile(file), "no assets module beside this one");
        List<String> lines = Files.readAllLines(file);
        List<ArithmeticProblem> problems = HeldOutSet.problems();
        assertThat(lines).hasSize(500);
        ObjectMapper json = new ObjectMapper();
        Set<String> questions = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode o = json.readTree(lines.get(i));
            ArithmeticProblem p = problems.get(i);
            assertThat(o.get("question").asText()).isEqualTo(p.question());
            long answer = Long.parseLong(o.get("answer").asText().replaceAll("(?s).*#### ", ""));
            assertThat(answer).isEqualTo(Expressions.steps(p.expression()).getLast().result());
            questions.add(o.get("question").asText());
        }
        assertThat(questions).hasSize(500);

        Set<String> heldOut = HeldOutSet.expressions();
        TraceGenerator training = new TraceGenerator(1, 0.4, heldOut);
        for (int i = 0; i < 5000; i++) {
            assertThat(heldOut).doesNotContain(training.next().problem().expression());
        }
    }
}
