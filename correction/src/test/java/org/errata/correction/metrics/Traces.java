package org.errata.correction.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/** Builds small traces for metric tests. */
final class Traces {

    private static final RunId RUN = new RunId("run");
    private final String problem;
    private final List<TraceNode> nodes = new ArrayList<>();
    private @Nullable Boolean correct;

    private Traces(String problem) {
        this.problem = problem;
    }

    static Traces problem(String key) {
        return new Traces(key);
    }

    Attempt attempt(int turn, @Nullable String answer, @Nullable Boolean ok) {
        return attempt(turn, answer, ok, "text " + nodes.size(), AttemptRole.PROPOSER, CallStats.NONE, null);
    }

    Attempt attempt(int turn, @Nullable String answer, @Nullable Boolean ok, String text, AttemptRole role,
                    CallStats stats, @Nullable NodeId parent) {
        Attempt a = new Attempt(new NodeId(problem + "-n" + nodes.size()), parent, nodes.size(), turn, role, "m", "prompt",
                text, answer, answer == null ? null : "boxed", ok, Map.of(), stats, NodeStatus.OK, null, List.of());
        nodes.add(a);
        return a;
    }

    Verification verify(Attempt a, Verdict verdict, @Nullable Double pYes, @Nullable Integer firstError) {
        return verify(a, VerifierRole.SELF, verdict, pYes, firstError, CallStats.NONE);
    }

    Verification verify(Attempt a, VerifierRole role, Verdict verdict, @Nullable Double pYes, @Nullable Integer firstError,
                        CallStats stats) {
        Verification v = new Verification(new NodeId(problem + "-n" + nodes.size()), a.id(), nodes.size(), role, "m", "p", "raw",
                verdict, "spoc", pYes, List.of(), firstError, 1, stats, NodeStatus.OK, null);
        nodes.add(v);
        return v;
    }

    void locate(Verification v, int step) {
        located(v, step);
    }

    ErrorLocation located(Verification v, int step) {
        ErrorLocation e = new ErrorLocation(new NodeId(problem + "-n" + nodes.size()), v.id(), nodes.size(), step, "why", null);
        nodes.add(e);
        return e;
    }

    Correction correct(ErrorLocation e) {
        Correction c = new Correction(new NodeId(problem + "-n" + nodes.size()), e.id(), nodes.size(), "fix", null, "m");
        nodes.add(c);
        return c;
    }

    /** A verification of any node (an inspector's of a correction). */
    Verification verifyNode(NodeId target, VerifierRole role, Verdict verdict) {
        Verification v = new Verification(new NodeId(problem + "-n" + nodes.size()), target, nodes.size(), role, "m", "p", "raw",
                verdict, "spoc", null, List.of(), null, 1, CallStats.NONE, NodeStatus.OK, null);
        nodes.add(v);
        return v;
    }

    Aggregate refine(List<Attempt> candidates, @Nullable String answer, @Nullable Boolean ok) {
        NodeId refined = new NodeId(problem + "-refined");
        Aggregate g = new Aggregate(new NodeId(problem + "-n" + nodes.size()), null, nodes.size(), AggregateKind.REFINE,
                candidates.stream().map(Attempt::id).toList(), answer, refined, ok, Map.of(), "refined");
        nodes.add(g);
        nodes.add(new Attempt(refined, g.id(), nodes.size(), 2, AttemptRole.REFINER, "m", "prompt", "refined", answer,
                "boxed", ok, Map.of(), CallStats.NONE, NodeStatus.OK, null, List.of()));
        return g;
    }

    void label(Attempt a, int firstError) {
        nodes.add(new HumanLabel(new NodeId(problem + "-n" + nodes.size()), a.id(), nodes.size(), "ann", "paragraph",
                firstError, List.of(), null, null, false, null, 0, Instant.EPOCH));
    }

    Traces outcome(@Nullable Boolean ok) {
        this.correct = ok;
        return this;
    }

    Trace build() {
        return new Trace(RUN, new ProblemId("d/" + problem), TraceStatus.FINISHED, null, correct, nodes);
    }
}
