package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.errata.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command, nested ones included, answers --help with its own usage and exit code 0. */
class CliHelpTest {

    @Test
    void everyCommandAnswersHelp() {
        assertHelp(Main.commandLine(), "errata");
    }

    private static void assertHelp(CommandLine command, String path) {
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            String name = path + " " + sub.getKey();
            CommandLine fresh = Main.commandLine();
            StringWriter out = new StringWriter();
            fresh.setOut(new PrintWriter(out));
            String[] args = (name.substring("errata ".length()) + " --help").split(" ");
            assertThat(fresh.execute(args)).as(name + " --help").isZero();
            assertThat(out.toString()).as(name).contains("Usage: " + name);
            assertHelp(sub.getValue(), name);
        }
    }
}
