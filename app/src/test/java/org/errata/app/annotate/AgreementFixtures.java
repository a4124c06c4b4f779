package org.errata.app.annotate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.app.services.LibraryService;
import org.errata.app.services.ServiceException;
import org.errata.app.services.sample.TraceBuilder;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.VerifierRole;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.trace.TraceStore;

/**
 * A run of six problems, one four-line attempt each, judged by a self-verifier and a critic;
 * problems 1–5 are then labelled by two annotators through the library, problem 6 by nobody.
 * <pre>
 *   problem   alice  bob   self (located)       critic (located)
 *   1         −1     −1    correct → −1         correct → −1
 *   2          1      1    incorrect, step 1    incorrect, step 2
 *   3          2      3    incorrect, no step   incorrect, step 2
 *   4          0     −1    correct → −1         incorrect, step 0
 *   5         −1     −1    correct → −1         incorrect, step 3
 *   6          –      –    correct → −1         correct → −1
 * </pre>
 */
public final class AgreementFixtures {
    private AgreementFixtures() {}

    public static final RunId RUN = new RunId("run-agreement");
    public static final int[] ALICE = {-1, 1, 2, 0, -1};
    public static final int[] BOB = {-1, 1, 3, -1, -1};

    /** Per problem: {self verdict correct?, self step or null, critic verdict correct?, critic step or null}. */
    private static final Object[][] MACHINES = {
            {true, -1, true, -1},
            {false, 1, false, 2},
            {false, null, false, 2},
            {true, -1, false, 0},
            {true, -1, false, 3},
            {true, -1, true, -1}};

    public static final List<Problem> PROBLEMS = List.of(
            Problem.of("t", "1", "What is $1 + 1$?", "2"), Problem.of("t", "2", "What is $2 + 2$?", "4"),
            Problem.of("t", "3", "What is $3 + 3$?", "6"), Problem.of("t", "4", "What is $4 + 4$?", "8"),
            Problem.of("t", "5", "What is $5 + 5$?", "10"), Problem.of("t", "6", "What is $6 + 6$?", "12"));

    public static Run run() {
        return new Run(RUN, "agreement test", "t", "critic", Map.of(),
                List.of(new ModelRef("student", "m", "fake", null, null, "1")), Map.of(),
                new Sampling(0, 0, 1, 0, 1, 128), false, "test", null, Instant.parse("2025-01-01T00:00:00Z"),
                RunStatus.FINISHED);
    }

    /** Stores the problems, the run and its six traces (no labels yet); returns the attempts in problem order. */
    public static List<Attempt> store(Database db) throws Exception {
        new DatasetStore(db).saveProblems("t", "test problems", PROBLEMS);
        TraceStore store = new TraceStore(db);
        store.saveRun(run());
        List<Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < PROBLEMS.size(); i++) {
            TraceBuilder b = new TraceBuilder(RUN, PROBLEMS.get(i).id(), "m");
            Attempt a = b.attempt(null, 1, "p", "line 0\nline 1\nline 2\nline 3", "x", null, false);
            Object[] m = MACHINES[i];
            b.verify(a, VerifierRole.SELF, "self", (Boolean) m[0] ? Verdict.CORRECT : Verdict.INCORRECT, null, (Integer) m[1]);
            b.verify(a, VerifierRole.CRITIC, "critic", (Boolean) m[2] ? Verdict.CORRECT : Verdict.INCORRECT, null, (Integer) m[3]);
            Trace t = b.finish("x", null);
            store.saveTrace(t);
            attempts.add(a);
        }
        return attempts;
    }

    /** Saves alice's and bob's labels of problems 1–5 through the library, as the annotation view does. */
    public static void label(LibraryService library, List<Attempt> attempts) throws ServiceException {
        for (int i = 0; i < ALICE.length; i++) {
            label(library, attempts.get(i), i, "alice", ALICE[i]);
            label(library, attempts.get(i), i, "bob", BOB[i]);
        }
    }

    /** A complete label of a four-line attempt with first error {@code k} (−1: none). */
    public static void label(LibraryService library, Attempt a, int problem, String annotator, int k) throws ServiceException {
        library.saveLabel(RUN, PROBLEMS.get(problem).id(), label(a, annotator, k));
    }

    public static HumanLabel label(Attempt a, String annotator, int k) {
        List<Integer> ratings = new ArrayList<>();
        for (int s = 0; s < (k < 0 ? 4 : k + 1); s++) ratings.add(s == k ? -1 : 1);
        return new HumanLabel(NodeId.random(), a.id(), 1000, annotator, "line", k, ratings, null, null, false, null, 1000,
                Instant.parse("2025-01-02T00:00:00Z"));
    }
}
