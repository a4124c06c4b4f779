package org.errata.persistence.trace;

import java.time.Instant;
import java.util.OptionalDouble;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;

/**
 * One line of the run list. {@code problems} counts traces that are complete (finished or
 * failed), {@code traces} all traces including running ones; {@code graded} how many complete
 * traces have a known correctness and {@code correct} how many of those are right.
 */
public record RunSummary(
        RunId id,
        String name,
        String dataset,
        String strategy,
        String model,
        RunStatus status,
        Instant createdAt,
        int problems,
        int traces,
        int graded,
        int correct) {

    /** Fraction of graded traces that are correct; empty when none is graded. */
    public OptionalDouble accuracy() {
        return graded == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) correct / graded);
    }
}
