package org.errata.app.gui.compare;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.errata.app.services.sample.SampleLibrary;
import org.errata.app.services.sample.TestTraces;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;

/**
 * A second run on the sample problems, made after the sample run. Against the sample's finals
 * (clips 72 right, sqrt 18 right, fractions 2/5 wrong, eggs 18 right) this run ends with clips 62
 * (wrong), sqrt 18 (right), fractions 5/6 (right) and no trace for eggs.
 */
final class CompareFixtures {
    static final RunId RERUN = new RunId("rerun");

    private CompareFixtures() {}

    static Run rerun() {
        return new Run(RERUN, "Rerun of the sample", SampleLibrary.DATASET, "single-pass", Map.of(), List.of(), Map.of(),
                new Sampling(0, 0, 1, 0, 7, 256), false, "t", null, Instant.parse("2025-02-01T10:00:00Z"),
                RunStatus.FINISHED);
    }

    static List<Trace> rerunTraces() {
        List<Problem> ps = SampleLibrary.problems();
        return List.of(
                one(ps.get(0), "She sold 48 in April.\nIn May she sold 48 / 2 = 14.\nAltogether 48 + 14 = 62.", "62", false,
                        Verdict.INCORRECT),
                one(ps.get(1), "x + 7 = 25.\nx = 18.", "18", true, Verdict.CORRECT),
                one(ps.get(2), "1/2 + 1/3 = 3/6 + 2/6.\nThat is 5/6.", "\\frac{5}{6}", true, Verdict.CORRECT));
    }

    private static Trace one(Problem p, String text, String answer, boolean right, Verdict verdict) {
        TraceBuilder tb = new TraceBuilder(RERUN, p.id(), "m");
        Attempt a = tb.attempt(null, 1, p.text(), text, answer, right, false);
        Verification v = tb.verify(a, verdict == Verdict.CORRECT ? "Yes" : "No", verdict, null,
                verdict == Verdict.CORRECT ? null : 1);
        if (verdict == Verdict.INCORRECT) tb.locate(v, 1, "48 / 2 is 24, not 14.", "arithmetic");
        // Node ids are unique across the store: the sample's builder made the same ones for these problems.
        return TestTraces.withFreshIds(tb.finish(answer, right), "rerun-");
    }
}
