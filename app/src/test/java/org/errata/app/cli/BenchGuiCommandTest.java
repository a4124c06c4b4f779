package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench gui} at a small size, in a real (headless) window: every figure is printed with its
 * target, the filters and the search find what the synthetic run holds, the list scrolled through
 * pulses, and the last line is the open time.
 */
class BenchGuiCommandTest {

    @Test
    void aSmallRunIsOpenedFilteredSearchedAndScrolledInAWindow() {
        Cli.Result r = Cli.run("bench", "gui", "--problems", "1000", "--tokens", "0", "--opens", "3", "--scroll-seconds", "1");
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        String out = r.out();
        assertThat(out).contains("setup: 1,000 problems, 10,000 nodes written", "load average");
        assertThat(out).as("this test JVM has no ahead-of-time cache, and the bench says so")
                .contains("JVM: no ahead-of-time cache: classes load and methods warm up as the run goes");
        assertThat(out).containsPattern("window: [\\d.]+x[\\d.]+, Monocle");
        // what each filter finds in the window's list: the synthetic run's mix, in tens
        assertThat(out).containsPattern("filters and orders answered from memory \\d+ ms after the rows were drawn");
        assertThat(out).containsPattern("filter corrected \\(wrong -> right\\): 200 of 1,000 traces: [\\d.]+ ms \\(target < 200 ms\\) (PASS|MISS)");
        assertThat(out).containsPattern("filter broken \\(right -> wrong\\): 100 of 1,000 traces: [\\d.]+ ms");
        assertThat(out).containsPattern("filter verifier missed: 100 of 1,000 traces: [\\d.]+ ms");
        assertThat(out).containsPattern("filter false alarm: 200 of 1,000 traces: [\\d.]+ ms");
        assertThat(out).containsPattern("filter 2\\+ attempts: 500 of 1,000 traces: [\\d.]+ ms");
        assertThat(out).containsPattern("sort most attempts first: 1,000 of 1,000 traces: [\\d.]+ ms");
        assertThat(out).containsPattern("search solution text \"We add 504 and 505\": 1 of 1,000 traces: [\\d.]+ ms \\(target < 200 ms\\)");
        assertThat(out).containsPattern("open tree, median of 3 random \\(up to 1[04] nodes\\): [\\d.]+ ms \\(target < 50 ms\\) (PASS|MISS)");
        assertThat(out).containsPattern("open tree at start \\(the first row.*shown [\\d.]+ ms after the rows")
                .containsPattern("open tree, the first one the user opens: [\\d.]+ ms");
        assertThat(out).containsPattern("scroll 1 s: [1-9]\\d* pulses, FX-thread time per pulse p50 [\\d.]+ ms, p99 [\\d.]+ ms \\(target p99 < 16 ms\\)");
        assertThat(out).containsPattern("scroll, the pixel-scroll pulses alone: p99 [\\d.]+ ms; the \\d+ jumps to a random row: ");
        assertThat(out).containsPattern("open run \\(database, 1,000 traces listed, first rows drawn\\): [\\d.]+ ms \\(target < 1000 ms\\) (PASS|MISS)");
        List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines.getLast()).matches("10k-node open: \\d+ ms");
    }

    @Test
    void itNamesTheAheadOfTimeCacheItRunsWith() {
        assertThat(BenchGuiCommand.aheadOfTimeCache(List.of("-Xmx1g", "-XX:AOTCache=/home/u/.cache/errata/bench-gui-1-2.aot", "-Xlog:aot*=off")))
                .startsWith("ahead-of-time cache bench-gui-1-2.aot (classes and method profiles, trained once per build by a pass of this bench")
                .contains("ERRATA_CDS=0 measures without it");
        assertThat(BenchGuiCommand.aheadOfTimeCache(List.of("-XX:AOTCache=/a/first.aot", "-XX:AOTCache=/b/last.aot")))
                .as("the JVM uses the last one given").startsWith("ahead-of-time cache last.aot ");
        assertThat(BenchGuiCommand.aheadOfTimeCache(List.of("-XX:AOTMode=record", "-XX:AOTConfiguration=x.aotconf")))
                .startsWith("no ahead-of-time cache");
    }

    @Test
    void withoutADisplayItSaysHowToGetOne() {
        assertThat(BenchGuiCommand.NO_DISPLAY).contains("xvfb-run -a ./errata bench gui");
    }
}
