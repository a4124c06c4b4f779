package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train-demo --score-run}: a stored run of the real demo model, scored against each problem's true steps. */
class TrainDemoScoreRunTest {

    @TempDir
    Path tmp;

    @Test
    void aStoredDemoRunIsScoredWithTheFirstErrorStepOfItsWrongAttempts() throws Exception {
        String db = tmp.resolve("errata.db").toString();
        Cli.Result run = Cli.run("--db", db, "run", "--dataset", "demo-heldout", "--strategy", "spoc", "--model", "demo",
                "--limit", "6", "--temperature", "0.8", "--max-turns", "3", "--device", "cpu", "--quiet", "--json");
        assertThat(run.code()).as(run.err()).isZero();
        String id = new ObjectMapper().readTree(run.out()).get("id").asText();

        Cli.Result scored = Cli.run("--db", db, "train-demo", "--score-run", id);
        assertThat(scored.code()).as(scored.err()).isZero();
        assertThat(scored.out()).contains("problems 6").contains("first-error-step accuracy on wrong attempts");
        Matcher verifications = Pattern.compile("verifier accuracy on own attempts [\\d.]+% of (\\d+)").matcher(scored.out());
        assertThat(verifications.find()).as(scored.out()).isTrue();
        assertThat(Integer.parseInt(verifications.group(1))).as("one verdict per attempt, at least one per problem")
                .isBetween(6, 18);

        Cli.Result missing = Cli.run("--db", db, "train-demo", "--score-run", "no-such-run");
        assertThat(missing.code()).isNotZero();
        assertThat(missing.err()).contains("no-such-run");
    }
}
