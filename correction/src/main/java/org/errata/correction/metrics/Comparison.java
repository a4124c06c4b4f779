package org.errata.correction.metrics;

import java.util.List;
import org.errata.correction.trace.ProblemId;

/**
 * Run B against run A on the problems both contain: B's report, A's report, and the problems B
 * fixed (A wrong, B right) or broke (A right, B wrong), in A's order.
 */
public record Comparison(MetricsReport a, MetricsReport b, int common, List<ProblemId> fixedByB, List<ProblemId> brokenByB) {
    public Comparison {
        fixedByB = List.copyOf(fixedByB);
        brokenByB = List.copyOf(brokenByB);
    }

    /** Net change in solved problems among the common ones. */
    public int netFixed() {
        return fixedByB.size() - brokenByB.size();
    }
}
