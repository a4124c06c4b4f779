package org.errata.app.gui.tree;

import java.util.List;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;

/** Small traces for tests. */
public final class Fixtures {
    private Fixtures() {}

    public static final RunId RUN = new RunId("run-1");
    public static final Problem PROBLEM = Problem.of("t", "p1", "What is 2 + 3 + 4?", "9");

    public static final String WRONG_STEP = "Then 5 + 4 = 8.";

    /** Attempt 1 (3 steps, step index 1 wrong) -> incorrect verdict -> location -> correction -> attempt 2 right. */
    public static Trace corrected() {
        TraceBuilder b = new TraceBuilder(RUN, PROBLEM.id(), "m");
        Attempt a1 = b.attempt(null, 1, "prompt 1", "First 2 + 3 = 5.\n" + WRONG_STEP + "\nSo $\\boxed{8}$.", "8", false, true);
        Verification v1 = b.verify(a1, "Step 2 is wrong. No", Verdict.INCORRECT, 0.1, 1);
        ErrorLocation e1 = b.locate(v1, 1, "5 + 4 is 9.", "calculation");
        Correction c1 = b.correct(e1, "Redo step 2.", "Then 5 + 4 = 9.");
        Attempt a2 = b.attempt(c1.id(), 2, "prompt 2", "First 2 + 3 = 5.\nThen 5 + 4 = 9.\nSo $\\boxed{9}$.", "9", true, false);
        b.verify(a2, "All good. Yes", Verdict.CORRECT, 0.9, -1);
        b.label(a1, "ann", 1, List.of(1, -1), "calculation");
        return b.finish("9", true);
    }

    /** One right attempt, verified correct. */
    public static Trace clean() {
        TraceBuilder b = new TraceBuilder(RUN, PROBLEM.id(), "m");
        Attempt a1 = b.attempt(null, 1, "p", "2 + 3 + 4 = 9.\nSo $\\boxed{9}$.", "9", true, false);
        b.verify(a1, "Yes", Verdict.CORRECT, 0.95, -1);
        return b.finish("9", true);
    }

    /** A wrong answer the verifier accepted: no location, no incorrect verdict. */
    public static Trace missed() {
        TraceBuilder b = new TraceBuilder(RUN, PROBLEM.id(), "m");
        Attempt a1 = b.attempt(null, 1, "p", "2 + 3 + 4 = 10.", "10", false, false);
        b.verify(a1, "Yes", Verdict.CORRECT, 0.8, -1);
        return b.finish("10", false);
    }
}
