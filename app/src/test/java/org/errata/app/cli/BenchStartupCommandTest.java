package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench startup} starts a real workbench process (headless here, on the toolkit settings
 * this JVM runs with), reads its report of the first usable window and prints the figures.
 */
class BenchStartupCommandTest {

    @Test
    void aFreshWorkbenchProcessReportsItsFirstUsableWindow() {
        Cli.Result r = Cli.run("bench", "startup", "--runs", "1", "--timeout", "180");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("load average");
        Matcher run = Pattern.compile("run 1: ([\\d,]+) ms \\(the child's JVM: ([\\d,]+) ms").matcher(r.out());
        assertThat(run.find()).as(r.out()).isTrue();
        long wall = Long.parseLong(run.group(1).replace(",", ""));
        long jvm = Long.parseLong(run.group(2).replace(",", ""));
        assertThat(jvm).isPositive();
        assertThat(wall).as("measured from before the process started").isGreaterThanOrEqualTo(jvm - 50);
        assertThat(r.out()).containsPattern("median first usable window: [\\d,]+ ms \\(JVM part [\\d,]+ ms\\); target < 3,000 ms: (met|missed)");
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
