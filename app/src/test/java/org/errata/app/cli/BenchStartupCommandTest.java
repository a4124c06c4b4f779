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
        assertThat(r.out()).containsPattern("timeline, median ms from the child's JVM start: main=\\d+ .*toolkit=\\d+ .*built=\\d+ .*usable=\\d+");
        assertThat(r.out()).containsPattern("median CPU time of the child until usable .*: [1-9][\\d,]* ms");
        // no "Unsupported JavaFX configuration" note, no CSS warning, nothing else on the console or in the log
        assertThat(r.out()).contains("the workbench wrote nothing else to the console or its log");
        assertThat(r.out()).containsPattern("median first usable window: [\\d,]+ ms \\(JVM part [\\d,]+ ms\\); target < 3,000 ms: (met|missed)");
    }

    @Test
    void theTimelineOfEachMarkIsItsMedianOverTheRuns() {
        var a = org.errata.app.StartupTimeline.parse("errata-timeline main=300 toolkit=900 usable=2000");
        var b = org.errata.app.StartupTimeline.parse("errata-timeline main=100 toolkit=1000 usable=3000");
        var c = org.errata.app.StartupTimeline.parse("errata-timeline main=200 toolkit=800 usable=2500");
        assertThat(BenchStartupCommand.medianTimeline(java.util.List.of(a, b, c))).isEqualTo("main=200 toolkit=900 usable=2500");
        assertThat(BenchStartupCommand.medianTimeline(java.util.List.of())).isEqualTo("none");
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
