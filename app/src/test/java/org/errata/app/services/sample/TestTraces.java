package org.errata.app.services.sample;

import org.errata.correction.trace.Trace;

/** For tests that store traces beside the sample's: the same trace with node ids no other trace uses. */
public final class TestTraces {
    private TestTraces() {}

    public static Trace withFreshIds(Trace t, String prefix) {
        return new Trace(t.run(), t.problem(), t.status(), t.finalAnswer(), t.correct(),
                t.nodes().stream().map(n -> NodeIds.prefixed(n, prefix)).toList());
    }
}
