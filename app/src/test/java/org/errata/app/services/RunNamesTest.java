package org.errata.app.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.junit.jupiter.api.Test;

class RunNamesTest {
    private static Run run(String strategy, String model, double temperature, Map<String, Object> params) {
        return new Run(new RunId("r"), "unnamed", "demo-heldout", strategy, params,
                List.of(new ModelRef("student", "a09389b1aebb87eb", "djl", "sha256:abc", model, "0.35.1")), Map.of(),
                new Sampling(temperature, 0, 1, 0, 7, 256), false, "t", null,
                Instant.parse("2026-12-06T14:05:30Z"), RunStatus.PENDING);
    }

    @Test
    void aNameSaysWhenWhatWhichModelOnWhatAndTheSettingsThatTellRunsApart() {
        ZoneId utc = ZoneId.of("UTC");
        assertThat(RunNames.of(run("spoc", "demo", 0, Map.of("max_turns", 3)), null, utc))
                .isEqualTo("2026-12-06 14:05 \u00b7 spoc \u00b7 demo \u00b7 demo-heldout \u00b7 greedy, 3 turns");
        assertThat(RunNames.of(run("self-consistency", "/models/Qwen2.5-Math-1.5B/", 0.7, Map.of("samples", 8)), "2/4", utc))
                .isEqualTo("2026-12-06 14:05 \u00b7 self-consistency \u00b7 Qwen2.5-Math-1.5B \u00b7 demo-heldout shard 2/4"
                        + " \u00b7 T=0.7, 8 samples");
        // local time of the person who started it
        assertThat(RunNames.of(run("spoc", "demo", 0, Map.of()), null, ZoneId.of("Europe/Berlin")))
                .startsWith("2026-12-06 15:05 \u00b7 ");
    }
}
