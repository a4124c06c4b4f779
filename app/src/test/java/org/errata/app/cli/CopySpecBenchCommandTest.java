package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.errata.runtime.api.CopyStats;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CopySpecBenchCommandTest {

    private static CopySpecBenchCommand.Tally tally(long tokens, double seconds) {
        CopySpecBenchCommand.Tally t = new CopySpecBenchCommand.Tally();
        t.add(tokens, (long) (seconds * 1e9), CopyStats.NONE);
        return t;
    }

    @Test
    void aRowIsTheMedianOfItsPairsWithTheLowestAndHighest() {
        CopySpecBenchCommand.Row row = new CopySpecBenchCommand.Row(32, "2+", "correction turns");
        row.add(tally(100, 1), tally(100, 1), true);     // 1.00x
        row.add(tally(100, 1), tally(100, 2), true);     // 0.50x: a burst of load on the second run
        row.add(tally(100, 1), tally(100, 1 / 1.2), true); // 1.20x
        row.add(tally(0, 0), tally(0, 0), false);         // nothing decoded: not a pair
        assertThat(row.speedup()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row.offRate()).isCloseTo(100, org.assertj.core.data.Offset.offset(1e-9));
        StringWriter text = new StringWriter();
        row.print(new PrintWriter(text, true));
        assertThat(text.toString()).contains("correction turns").contains("1.00x").contains("0.50-1.20x");
        assertThat(CopySpecBenchCommand.median(new double[] {3, 1, 2, 10})).isEqualTo(2.5);
    }

    @Test
    void whatGoingFirstDoesCancelsOutHoweverManyPairsRanInEachOrder() {
        // identical runs, the second of each pair 10 % faster: three pairs with off first, one with on first
        CopySpecBenchCommand.Row row = new CopySpecBenchCommand.Row(1, "-", "random text");
        for (int i = 0; i < 3; i++) {
            row.add(tally(100, 1.1), tally(100, 1), true); // on second: 1.10x
        }
        row.add(tally(100, 1), tally(100, 1.1), false); // on first: 0.91x
        assertThat(CopySpecBenchCommand.median(row.ratios())).as("the plain median leans to the majority order")
                .isCloseTo(1.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(row.speedup()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        // a real 20 % gain survives the cancelling
        CopySpecBenchCommand.Row faster = new CopySpecBenchCommand.Row(1, "-", "random text");
        faster.add(tally(100, 1), tally(132, 1), true);  // on second: 120 tokens/s, 10 % more
        faster.add(tally(110, 1), tally(120, 1), false); // off second: 100 tokens/s, 10 % more
        assertThat(faster.speedup()).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aShortRunOnTheDemoModelPrintsEveryRowAndTheSpeedupLast() {
        StringWriter text = new StringWriter();
        int code = new CommandLine(new CopySpecBenchCommand()).setOut(new PrintWriter(text))
                .execute("--problems", "1", "--batch", "2", "--repeats", "1", "--warm-up", "0", "--control");
        String out = text.toString();
        assertThat(code).as(out).isZero();
        List<String> lines = out.strip().lines().toList();
        assertThat(lines.getFirst()).startsWith("bench copyspec: demo").contains("load average");
        assertThat(out).contains("texts identical with CopySpec off and on: yes")
                .containsPattern("(?m)^1 +1 +1: attempt \\+ check")
                .containsPattern("(?m)^2 +2\\+ +correction turns")
                .containsPattern("(?m)^1 +- +random text \\(nothing to copy\\)")
                .containsPattern("(?m)^2 +- +random text \\(nothing to copy\\)")
                .containsPattern("(?m)^1 +- +random text, off against off +\\d+ +[\\d.]+ +[\\d.]+ +[\\d.]+x .* 0 +0%$")
                .containsPattern("(?m)^2 +- +random text, off against off");
        assertThat(out).containsPattern("(?m)^1 +2\\+ +correction turns +\\d+ +[\\d.]+ +[\\d.]+ +[\\d.]+x +[\\d.]+-[\\d.]+x");
        assertThat(lines.getLast()).matches("turn 2\\+ speedup at batch 1: \\d+\\.\\d\\dx \\(.* -> .* tokens/s\\)");
    }
}
