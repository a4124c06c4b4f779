package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code bench startup} starts a real workbench process (headless here, on the toolkit settings
 * this JVM runs with), reads its report of the first usable window and prints the figures.
 */
class BenchStartupCommandTest {

    private static String[] run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void aFreshWorkbenchProcessReportsItsFirstUsableWindow() {
        String[] r = run("bench", "startup", "--runs", "1", "--timeout", "180");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("load average");
        Matcher run = Pattern.compile("run 1: ([\\d,]+) ms \\(the child's JVM: ([\\d,]+) ms").matcher(r[1]);
        assertThat(run.find()).as(r[1]).isTrue();
        long wall = Long.parseLong(run.group(1).replace(",", ""));
        long jvm = Long.parseLong(run.group(2).replace(",", ""));
        assertThat(jvm).isPositive();
        assertThat(wall).as("measured from before the process started").isGreaterThanOrEqualTo(jvm - 50);
        assertThat(r[1]).containsPattern("median first usable window: [\\d,]+ ms \\(JVM part [\\d,]+ ms\\); target < 3,000 ms: (met|missed)");
    }

    @Test
    void withoutADisplayItSaysHowToGetOne() {
        assertThat(BenchStartupCommand.hasDisplay(null, null)).isFalse();
        assertThat(BenchStartupCommand.hasDisplay(" ", "gtk")).isFalse();
        assertThat(BenchStartupCommand.hasDisplay(":99", null)).isTrue();
        assertThat(BenchStartupCommand.hasDisplay(null, "Monocle")).isTrue();
        assertThat(BenchStartupCommand.NO_DISPLAY).contains("xvfb-run -a ./errata bench startup");
    }
}
