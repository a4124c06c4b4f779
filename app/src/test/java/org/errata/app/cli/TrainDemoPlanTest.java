package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.errata.app.Main;
import org.errata.trainer.data.FormatMixture;
import org.errata.trainer.train.TrainConfig;
import org.errata.trainer.train.TrainPlan;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code errata train-demo} trains, from its options (parsed, not run). */
class TrainDemoPlanTest {

    private static TrainPlan plan(String... args) {
        CommandLine cl = Main.commandLine();
        CommandLine.ParseResult parsed = cl.parseArgs(prepend("train-demo", args));
        TrainDemoCommand command = (TrainDemoCommand) parsed.subcommand().commandSpec().userObject();
        return command.plan();
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void theBareCommandTrainsTheBundledModelsTwoStages() {
        assertThat(plan("--seed", "1")).isEqualTo(TrainPlan.bundled(1));
        assertThat(plan()).isEqualTo(TrainPlan.bundled(1));
        assertThat(plan().stages()).extracting(TrainConfig::mixture)
                .containsExactly(FormatMixture.spocOnly(), FormatMixture.everyFormat());
        assertThat(plan().stages()).extracting(TrainConfig::steps).containsExactly(4000, 6000);
        assertThat(plan("--start-from", "/tmp/m", "--mixture", "focused").last().mixture()).isEqualTo(FormatMixture.focused());
    }

    @Test
    void stageOptionsTrainOneStageAndMachineOptionsApplyToEvery() {
        TrainPlan spoc = plan("--mixture", "spoc", "--steps", "300");
        assertThat(spoc.stages()).containsExactly(TrainConfig.defaults(1).withSteps(300));

        TrainPlan fineTune = plan("--start-from", "/tmp/some-model", "--lr", "5e-4");
        assertThat(fineTune.stages()).hasSize(1);
        assertThat(fineTune.last().mixture()).isEqualTo(FormatMixture.everyFormat());
        assertThat(fineTune.last().learningRate()).isEqualTo(5e-4f);
        assertThat(fineTune.last().steps()).isEqualTo(TrainConfig.everyFormat(1).steps());

        TrainPlan threads = plan("--threads", "1", "--batch", "8");
        assertThat(threads.stages()).hasSize(2).allSatisfy(s -> {
            assertThat(s.threads()).isEqualTo(1);
            assertThat(s.batchSize()).isEqualTo(8);
        });
    }
}
