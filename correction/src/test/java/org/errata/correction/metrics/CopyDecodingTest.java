package org.errata.correction.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.Copying;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.VerifierRole;
import org.junit.jupiter.api.Test;

class CopyDecodingTest {

    private static CallStats call(int out, long decodeMs, int drafted, int accepted) {
        return new CallStats(20, 0, out, decodeMs + 5, decodeMs, new Copying(drafted, accepted, 3, 0, List.of()));
    }

    @Test
    void acceptanceAndDecodeSpeedArePerTurnWithVerificationsInTheirAttemptsTurn() {
        Traces t = Traces.problem("p");
        Attempt first = t.attempt(1, "1", false, "a", AttemptRole.PROPOSER, call(101, 1000, 10, 2), null);
        t.verify(first, VerifierRole.SELF, Verdict.INCORRECT, null, 0, call(51, 500, 10, 4));
        Attempt second = t.attempt(2, "2", true, "b", AttemptRole.PROPOSER, call(101, 250, 40, 36), null);
        // a node cut from a call's text carries copied spans but no call: not counted
        t.verify(second, VerifierRole.SELF, Verdict.CORRECT, null, null,
                CallStats.NONE.withCopying(Copying.NONE.withSpans(List.of())));
        CopyDecoding c = CopyDecoding.of(List.of(t.outcome(true).build()));
        assertThat(c.acceptanceByTurn()).containsExactly(6 / 20.0, 36 / 40.0);
        assertThat(c.decodeTokensPerSecondByTurn()).containsExactly(150 * 1000.0 / 1500, 100 * 1000.0 / 250);
        assertThat(c.acceptance()).isEqualTo(42 / 60.0);
        assertThat(MetricsReport.compute(List.of(t.build())).toJsonMap()).containsKey("copy_acceptance_by_turn");
    }

    @Test
    void withoutCopyFiguresTheTurnsAreNull() {
        Traces t = Traces.problem("q");
        t.attempt(1, "1", true);
        CopyDecoding c = CopyDecoding.of(List.of(t.build()));
        assertThat(c.acceptance()).isNull();
        assertThat(c.acceptanceByTurn()).isEmpty();
    }
}
