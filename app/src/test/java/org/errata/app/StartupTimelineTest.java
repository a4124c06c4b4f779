package org.errata.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StartupTimelineTest {

    @Test
    void marksArePrintedInMillisecondsSinceTheJvmStartedAndReadBack() {
        StartupTimeline.clear();
        long before = System.currentTimeMillis();
        StartupTimeline.mark("main");
        StartupTimeline.mark("usable");
        String line = StartupTimeline.line(before - 1_000);
        assertThat(line).startsWith("errata-timeline main=");
        var marks = StartupTimeline.parse(line);
        assertThat(marks.keySet()).containsExactly("main", "usable");
        assertThat(marks.get("main")).isBetween(1_000L, 1_000L + (System.currentTimeMillis() - before));
        assertThat(marks.get("usable")).isGreaterThanOrEqualTo(marks.get("main"));
        StartupTimeline.clear();
        assertThat(StartupTimeline.names()).isEmpty();
    }

    @Test
    void aMarkIsOneWordAndOnlyTimelinesAreRead() {
        assertThatThrownBy(() -> StartupTimeline.mark("two words")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StartupTimeline.mark("a=b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StartupTimeline.parse("errata-ready-ms 12")).isInstanceOf(IllegalArgumentException.class);
    }
}
