package org.errata.correction.metrics;

import java.util.Optional;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Trace;

/**
 * Where an attempt first went wrong, as the metrics read it, for views outside this package:
 * the reference (a person's label, else an oracle's location) and what the run's own verifier
 * located. 0-based steps; -1 means "every step right".
 */
public final class FirstErrors {
    private FirstErrors() {}

    /** A human label's first error (the earliest label), else an oracle verification's. */
    public static Optional<Integer> reference(Trace t, Attempt a) {
        return TraceView.referenceFirstError(t, a);
    }

    /** The first error the run's last usable verification of the attempt located; empty when it named none. */
    public static Optional<Integer> located(Trace t, Attempt a) {
        return TraceView.predictedFirstError(t, a, false);
    }
}
