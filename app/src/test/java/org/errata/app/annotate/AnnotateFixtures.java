package org.errata.app.annotate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;

/** Three small traces, one attempt each, cut into lines; and a clock tests move by hand. */
public final class AnnotateFixtures {
    private AnnotateFixtures() {}

    public static final RunId RUN = new RunId("run-annotate");
    public static final List<Problem> PROBLEMS = List.of(
            Problem.of("t", "1", "What is $2 + 3 + 4$?", "9"),
            Problem.of("t", "2", "What is $\\frac{1}{2} + \\frac{1}{2}$?", "1"),
            Problem.of("t", "3", "What is $3 \\times 3$?", "9"));

    public static Run run(String strategy) {
        return new Run(RUN, "annotate test", "t", strategy, Map.of(), List.of(new ModelRef("student", "m", "fake", null, null, "1")),
                Map.of(), new Sampling(0, 0, 1, 0, 1, 128), false, "test", null, Instant.parse("2025-01-01T00:00:00Z"),
                RunStatus.FINISHED);
    }

    /** Item 1: 4 steps, step 2 (0-based) wrong; item 2: 2 steps, right; item 3: 3 steps, step 1 wrong. */
    public static List<Trace> traces() {
        TraceBuilder b1 = new TraceBuilder(RUN, PROBLEMS.get(0).id(), "m");
        Attempt a1 = b1.attempt(null, 1, "p", "First $2 + 3 = 5$.\nKeep the 4.\nThen $5 + 4 = 10$.\nSo $\\boxed{10}$.", "10", false, false);
        b1.verify(a1, "Step 3 is wrong. No", Verdict.INCORRECT, null, 2);
        TraceBuilder b2 = new TraceBuilder(RUN, PROBLEMS.get(1).id(), "m");
        Attempt a2 = b2.attempt(null, 1, "p", "$\\frac{1}{2} + \\frac{1}{2} = 1$.\nSo $\\boxed{1}$.", "1", true, false);
        b2.verify(a2, "Yes", Verdict.CORRECT, null, -1);
        TraceBuilder b3 = new TraceBuilder(RUN, PROBLEMS.get(2).id(), "m");
        Attempt a3 = b3.attempt(null, 1, "p", "$3 \\times 3$ means three threes.\n$3 + 3 + 3 = 6$.\nSo $\\boxed{6}$.", "6", false, false);
        b3.verify(a3, "Yes", Verdict.CORRECT, null, -1);
        return List.of(b1.finish("10", false), b2.finish("1", true), b3.finish("6", false));
    }

    public static String problemText(org.errata.correction.trace.ProblemId id) {
        return PROBLEMS.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow().text();
    }

    /** A clock that moves only when told to. */
    public static final class ManualClock extends Clock {
        private Instant now;

        public ManualClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
