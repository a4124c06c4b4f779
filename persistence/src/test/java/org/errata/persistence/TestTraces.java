package org.errata.persistence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.ModelRef;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.runtime.api.TokenLogprob;
import org.jspecify.annotations.Nullable;

/** Builders of runs and trees for the store's tests. */
public final class TestTraces {
    private TestTraces() {}

    public static Run run(String dataset) {
        return new Run(RunId.random(), "test run", dataset, "self_refine",
                Map.of("max_turns", 3, "stop_phrase", "correct", "nested", Map.of("k", List.of(1, 2))),
                List.of(new ModelRef("student", "tiny-llama", "djl", "sha256:abc", "/models/tiny", "0.35.1"),
                        new ModelRef("critic", "critic-1", "openai", null, null, "vllm")),
                Map.of("solve", "Solve: {problem}", "feedback", "Check: {answer}"),
                new Sampling(0.7, 40, 0.95, 0.05, 42L, 512), false, "0.1.0", "deadbeef",
                Instant.parse("2025-01-02T03:04:05.123Z"), RunStatus.PENDING);
    }

    /** A finished tree with one node of every type (and a second attempt). */
    public static Trace everyNodeType(RunId run, ProblemId problem) {
        NodeId a1 = NodeId.random();
        NodeId v1 = NodeId.random();
        NodeId e1 = NodeId.random();
        NodeId c1 = NodeId.random();
        NodeId a2 = NodeId.random();
        String text = "Step one: 2+2=5.\n\nStep two: so the answer is \\boxed{5}.";
        List<TraceNode> nodes = new ArrayList<>();
        nodes.add(new Attempt(a1, null, 0, 1, AttemptRole.PROPOSER, "tiny-llama", "Solve: what is 2+2?", text,
                "5", "boxed", false, Map.of(), new CallStats(12, 4, 30, 250), NodeStatus.OK, null,
                List.of(new TokenLogprob("Step", -0.25, List.of(new TokenLogprob.Alternative("The", -1.5))))));
        nodes.add(new Step(NodeId.random(), a1, 1, 0, 0, 16, "paragraph"));
        nodes.add(new Step(NodeId.random(), a1, 2, 1, 18, text.length(), "paragraph"));
        nodes.add(new Verification(v1, a1, 3, VerifierRole.CRITIC, "critic-1", "Check it", "Paragraph 0 is wrong. \\boxed{0}",
                Verdict.INCORRECT, "processbench_boxed", 0.125, List.of(0.1, 0.9), 0, 1,
                new CallStats(50, 0, 9, 80), NodeStatus.OK, null));
        nodes.add(new ErrorLocation(e1, v1, 4, 0, "2+2 is 4, not 5", "calculation"));
        nodes.add(new Correction(c1, e1, 5, "Recompute 2+2", "Step one: 2+2=4.", "critic-1"));
        nodes.add(new Attempt(a2, c1, 6, 2, AttemptRole.ACTOR, "tiny-llama", "Revise", "2+2=4, \\boxed{4}",
                "4", "boxed", true, disagreement(), CallStats.NONE, NodeStatus.TRUNCATED, "max tokens", List.of()));
        nodes.add(new Aggregate(NodeId.random(), null, 7, AggregateKind.VOTE, List.of(a1, a2), "4", a2, true,
                disagreement(), "2 candidates"));
        nodes.add(new HumanLabel(NodeId.random(), a1, 8, "alice", "paragraph", 0, List.of(-1, 0), "calculation", 4,
                false, "obvious", 12_345L, Instant.parse("2025-01-02T03:05:00Z")));
        return new Trace(run, problem, TraceStatus.FINISHED, "4", true, nodes);
    }

    /** Checker verdicts as the engine records a disagreement: in order, one checker undecided. */
    public static Map<String, @Nullable Boolean> disagreement() {
        Map<String, @Nullable Boolean> verdicts = new LinkedHashMap<>();
        verdicts.put("string", false);
        verdicts.put("numeric", true);
        verdicts.put("symbolic", false);
        verdicts.put("cas", null);
        return verdicts;
    }
}
