package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Run;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.RunStatus;
import org.errata.correction.trace.Sampling;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.errata.persistence.trace.TraceJson;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Exact JSON of each training-set shape on small hand-made traces. */
class TrainingSetsTest {
    static final RunId RUN = new RunId("r1");
    static final ProblemId P = ProblemId.of("t", "1");
    static final Problem PROBLEM = Problem.of("t", "1", "What is 2+3?", "5");
    static final ObjectMapper JSON = TraceJson.mapper();

    static Run run(String strategy, Map<String, String> prompts) {
        return new Run(RUN, "r", "t", strategy, Map.of(), List.of(new ModelRef("student", "m", "fake", null, null, "1")),
                prompts, new Sampling(0, 0, 1, 0, 1, 64), false, "test", null, Instant.EPOCH, RunStatus.FINISHED);
    }

    static Attempt attempt(String id, @Nullable String parent, int seq, int turn, AttemptRole role, String model, String text,
                           @Nullable Boolean correct) {
        return new Attempt(new NodeId(id), parent == null ? null : new NodeId(parent), seq, turn, role, model, "prompt", text,
                null, null, correct, Map.of(), CallStats.NONE, NodeStatus.OK, null, List.of());
    }

    static Verification verification(String id, String parent, int seq, VerifierRole role, String model, String raw,
                                     Verdict verdict) {
        return new Verification(new NodeId(id), new NodeId(parent), seq, role, model, "check", raw, verdict, null, null,
                List.of(), null, 1, CallStats.NONE, NodeStatus.OK, null);
    }

    static Trace trace(TraceNode... nodes) {
        return new Trace(RUN, P, TraceStatus.FINISHED, null, null, List.of(nodes));
    }

    static String export(ExportFormat f, Run run, Trace... traces) throws Exception {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> line : TrainingSets.lines(f, run, List.of(traces), p -> Optional.of(PROBLEM))) {
            out.add(JSON.writeValueAsString(line));
        }
        return String.join("\n", out);
    }

    @Test
    void spocPairSftKeepsOnlyStreamsWhoseVerdictsToldTheTruth() throws Exception {
        Trace good = trace(
                attempt("a1", null, 0, 1, AttemptRole.PROPOSER, "m", "2+3=6", false),
                verification("v1", "a1", 1, VerifierRole.SELF, "m", "Is the answer correct (Yes/No)? No", Verdict.INCORRECT),
                attempt("a2", "v1", 2, 2, AttemptRole.PROPOSER, "m", "2+3=5", true),
                verification("v2", "a2", 3, VerifierRole.SELF, "m", "Is the answer correct (Yes/No)? Yes", Verdict.CORRECT));
        assertThat(export(ExportFormat.TRL_SFT, run("spoc", Map.of()), good)).isEqualTo(
                "{\"id\":\"t/1\",\"prompt\":[{\"role\":\"user\",\"content\":\"What is 2+3?\"}],"
                + "\"completion\":[{\"role\":\"assistant\",\"content\":\"2+3=6\\n\\nIs the answer correct (Yes/No)? No\\n\\n"
                + "2+3=5\\n\\nIs the answer correct (Yes/No)? Yes\"}]}");
        Trace lied = trace(
                attempt("a1", null, 0, 1, AttemptRole.PROPOSER, "m", "2+3=6", false),
                verification("v1", "a1", 1, VerifierRole.SELF, "m", "Yes", Verdict.CORRECT));
        assertThat(export(ExportFormat.TRL_SFT, run("spoc", Map.of()), lied)).isEmpty();
    }

    @Test
    void s2rUsesTheFixedDelimitersAndSystemPrompt() throws Exception {
        Trace t = trace(
                attempt("a1", null, 0, 1, AttemptRole.PROPOSER, "m", "2+3=6. \\boxed{6}", false),
                verification("v1", "a1", 1, VerifierRole.SELF, "m", "Use subtraction: 6-3=3, not 2. The answer is incorrect.", Verdict.INCORRECT),
                attempt("a2", "v1", 2, 2, AttemptRole.PROPOSER, "m", "2+3=5. \\boxed{5}", true),
                verification("v2", "a2", 3, VerifierRole.SELF, "m", "Use subtraction: 5-3=2. The answer is correct.", Verdict.CORRECT));
        assertThat(export(ExportFormat.TRL_SFT, run("s2r", Map.of("s2r.system", "SYS")), t)).isEqualTo(
                "{\"id\":\"t/1\",\"prompt\":[{\"role\":\"system\",\"content\":\"SYS\"},{\"role\":\"user\",\"content\":\"What is 2+3?\"}],"
                + "\"completion\":[{\"role\":\"assistant\",\"content\":\"2+3=6. \\\\boxed{6}\\n\\n"
                + "Wait, let me recheck my solution.\\n\\nUse subtraction: 6-3=3, not 2. The answer is incorrect.\\n\\n"
                + "Let me try again.\\n\\n2+3=5. \\\\boxed{5}\\n\\nWait, let me recheck my solution.\\n\\n"
                + "Use subtraction: 5-3=2. The answer is correct.\"}]}");
    }

    @Test
    void scoreIsTwoTurnMessagesWithRewards() throws Exception {
        Trace t = trace(
                attempt("a1", null, 0, 1, AttemptRole.PROPOSER, "m", "6", false),
                attempt("a2", "a1", 1, 2, AttemptRole.REFINER, "m", "5", true));
        assertThat(export(ExportFormat.TRL_SFT, run("score", Map.of("score.revise", "Fix it if wrong.")), t)).isEqualTo(
                "{\"id\":\"t/1\",\"messages\":[{\"role\":\"user\",\"content\":\"What is 2+3?\"},"
                + "{\"role\":\"assistant\",\"content\":\"6\"},{\"role\":\"user\",\"content\":\"Fix it if wrong.\"},"
                + "{\"role\":\"assistant\",\"content\":\"5\"}],\"r1\":0,\"r2\":1}");
    }

    @Test
    void gsrGivesARefineItemAndDirectItemsForRightCandidates() throws Exception {
        Trace t = trace(
                attempt("c1", null, 0, 1, AttemptRole.CANDIDATE, "m", "6", false),
                attempt("c2", null, 1, 1, AttemptRole.CANDIDATE, "m", "5", true),
                new Aggregate(new NodeId("g"), null, 2, AggregateKind.REFINE, List.of(new NodeId("c1"), new NodeId("c2")),
                        "5", new NodeId("r"), true, Map.of(), "refined"),
                attempt("r", "g", 3, 2, AttemptRole.REFINER, "m", "It is 5", true));
        assertThat(export(ExportFormat.TRL_SFT, run("gsr", Map.of("gsr.refine", "{{problem}}|{{candidates}}")), t)).isEqualTo(
                "{\"id\":\"t/1#refine\",\"prompt\":[{\"role\":\"user\",\"content\":\"What is 2+3?|Candidate solution 1:\\n6\\n\\n"
                + "Candidate solution 2:\\n5\"}],\"completion\":[{\"role\":\"assistant\",\"content\":\"It is 5\"}],\"candidates\":2}\n"
                + "{\"id\":\"t/1#direct-1\",\"prompt\":[{\"role\":\"user\",\"content\":\"What is 2+3?\"}],"
                + "\"completion\":[{\"role\":\"assistant\",\"content\":\"5\"}]}");
    }

    static HumanLabel label(String parent, String annotator, int first, List<Integer> ratings) {
        return new HumanLabel(new NodeId("h-" + annotator), new NodeId(parent), 9, annotator, "line", first, ratings, null,
                null, false, null, 10, Instant.parse("2025-01-01T00:00:00Z"));
    }

    @Test
    void stepLabelsBecomePrmItemsTruncatedAfterTheFirstError() throws Exception {
        Trace t = trace(
                attempt("a1", null, 0, 1, AttemptRole.PROPOSER, "m", "Add.\n2+3=6.\nSo 6.", false),
                label("a1", "ann", 1, List.of(0, -1)));
        assertThat(export(ExportFormat.TRL_PRM, run("self-refine", Map.of()), t)).isEqualTo(
                "{\"id\":\"t/1\",\"prompt\":\"What is 2+3?\",\"completions\":[\"Add.\",\"2+3=6.\"],\"labels\":[true,false],"
                + "\"source\":\"human:ann\"}");
        assertThat(export(ExportFormat.OPENRLHF_PRM, run("self-refine", Map.of()), t)).isEqualTo(
                "{\"id\":\"t/1\",\"input\":\"What is 2+3?\\nAdd. ки\\n2+3=6. ки\",\"label\":[\"+\",\"-\"],\"source\":\"human:ann\"}");
        // Without a human label, an error location on a wrong attempt labels it.
        Trace located = trace(
                attempt("a1", null, 0, 1, AttemptRole.PROPOSER, "m", "Add.\n\n2+3=6.\n\nSo 6.", false),
                verification("v1", "a1", 1, VerifierRole.CRITIC, "c", "\\boxed{1}", Verdict.INCORRECT),
                new ErrorLocation(new NodeId("e1"), new NodeId("v1"), 2, 1, "6 is wrong", null));
        assertThat(export(ExportFormat.TRL_PRM, run("critic", Map.of()), located)).isEqualTo(
                "{\"id\":\"t/1\",\"prompt\":\"What is 2+3?\",\"completions\":[\"Add.\",\"2+3=6.\"],\"labels\":[true,false],"
                + "\"source\":\"located:critic\"}");
        // A partial rating with no error yet is no PRM item.
        Trace partial = trace(
                attempt("a1", null, 0, 1, AttemptRole.PROPOSER, "m", "Add.\n2+3=5.\nSo 5.", true),
                label("a1", "ann", -1, List.of(1)));
        assertThat(export(ExportFormat.TRL_PRM, run("self-refine", Map.of()), partial)).isEmpty();
    }

    @Test
    void stepDpoPairsTheCorrectedStepAgainstTheWrongOne() throws Exception {
        Trace t = trace(
                attempt("a1", null, 0, 1, AttemptRole.STUDENT, "student", "Add.\n\n2+3=6.\n\nSo 6.", false),
                verification("v1", "a1", 1, VerifierRole.CRITIC, "critic", "2+3 is 5", Verdict.INCORRECT),
                new ErrorLocation(new NodeId("e1"), new NodeId("v1"), 2, 1, "2+3 is 5", null),
                new Correction(new NodeId("c1"), new NodeId("e1"), 3, "Recompute the sum.", "2+3=5.", "critic"));
        assertThat(export(ExportFormat.OPENRLHF_DPO, run("critic", Map.of()), t)).isEqualTo(
                "{\"id\":\"t/1#c1#step\",\"prompt\":\"What is 2+3?\\n\\nAdd.\",\"chosen\":\"2+3=5.\",\"rejected\":\"2+3=6.\","
                + "\"first_error_step\":1,\"kind\":\"step-dpo\"}");
        assertThat(export(ExportFormat.TRL_DPO, run("critic", Map.of()), t)).isEqualTo(
                "{\"id\":\"t/1#c1#step\",\"prompt\":[{\"role\":\"user\",\"content\":\"What is 2+3?\\n\\nAdd.\"}],"
                + "\"chosen\":[{\"role\":\"assistant\",\"content\":\"2+3=5.\"}],"
                + "\"rejected\":[{\"role\":\"assistant\",\"content\":\"2+3=6.\"}],\"first_error_step\":1,\"kind\":\"step-dpo\"}");
    }

    /**
     * The shape SuperCorrectStrategy writes: teacher (wrong step) → inspector flags it → revised
     * teacher → inspector passes; the student's own check of its attempt sits beside the teacher's.
     */
    static List<TraceNode> superCorrectNodes(Verdict lastInspector) {
        return List.of(
                attempt("a1", null, 0, 1, AttemptRole.STUDENT, "m", "Add.\n\n2+3=6.\n\nSo 6.", false),
                verification("v1", "a1", 1, VerifierRole.TEACHER, "teacher", "<FirstError step=\"1\"/>", Verdict.INCORRECT),
                new ErrorLocation(new NodeId("e1"), new NodeId("v1"), 2, 0, "Adding is wrong", null),
                new Correction(new NodeId("c1"), new NodeId("e1"), 3, "Multiply.", null, "teacher"),
                verification("s1", "a1", 4, VerifierRole.SELF, "m", "<FirstError step=\"2\"/>", Verdict.INCORRECT),
                new ErrorLocation(new NodeId("e2"), new NodeId("s1"), 5, 1, "Maybe a typo.", null),
                new Correction(new NodeId("c2"), new NodeId("e2"), 6, "Write 2+3=6 again.", null, "student"),
                verification("i1", "c1", 7, VerifierRole.INSPECTOR, "inspector", "No", Verdict.INCORRECT),
                verification("v2", "i1", 8, VerifierRole.TEACHER, "teacher", "<FirstError step=\"2\"/>", Verdict.INCORRECT),
                new ErrorLocation(new NodeId("e3"), new NodeId("v2"), 9, 1, "2+3 is 5, not 6.", null),
                new Correction(new NodeId("c3"), new NodeId("e3"), 10, "Recompute 2+3 = 5.", null, "teacher"),
                verification("i2", "c3", 11, VerifierRole.INSPECTOR, "inspector", "Yes", lastInspector));
    }

    @Test
    void superCorrectPairsTheInspectedTeacherCorrectionAgainstTheStudentsOwn() throws Exception {
        Trace t = trace(superCorrectNodes(Verdict.CORRECT).toArray(TraceNode[]::new));
        String prompt = new org.errata.correction.engine.PromptTemplate("p",
                org.errata.correction.engine.PromptTemplates.bundled("supercorrect.student-correction"))
                .render(Map.of("problem", "What is 2+3?", "attempt", "Add.\n\n2+3=6.\n\nSo 6.")).strip();
        assertThat(JSON.readTree(export(ExportFormat.OPENRLHF_DPO, run("supercorrect", Map.of()), t))).isEqualTo(JSON.readTree(
                JSON.writeValueAsString(Map.of("id", "t/1#supercorrect", "prompt", prompt,
                        "chosen", "<FirstError step=\"2\"/>\n<Analysis>2+3 is 5, not 6.</Analysis>\n<Correction>Recompute 2+3 = 5.</Correction>",
                        "rejected", "<FirstError step=\"2\"/>\n<Analysis>Maybe a typo.</Analysis>\n<Correction>Write 2+3=6 again.</Correction>",
                        "first_error_step", 1, "kind", "supercorrect"))));
        assertThat(JSON.readTree(export(ExportFormat.TRL_DPO, run("supercorrect", Map.of()), t)).at("/prompt/0/content").asText())
                .isEqualTo(prompt);
        // The teacher's first location (step 1) was flagged by the inspector: PRM labels use the surviving one (step 2).
        assertThat(export(ExportFormat.TRL_PRM, run("supercorrect", Map.of()), t)).isEqualTo(
                "{\"id\":\"t/1\",\"prompt\":\"What is 2+3?\",\"completions\":[\"Add.\",\"2+3=6.\"],\"labels\":[true,false],"
                + "\"source\":\"located:teacher\"}");
    }

    @Test
    void superCorrectPrmLabelsUseTheLocationThatSurvivedInspection() throws Exception {
        Trace passed = trace(superCorrectNodes(Verdict.CORRECT).toArray(TraceNode[]::new));
        // the teacher first blamed step 0; the inspector flagged it and passed the revision at step 1
        assertThat(export(ExportFormat.TRL_PRM, run("supercorrect", Map.of()), passed)).isEqualTo(
                "{\"id\":\"t/1\",\"prompt\":\"What is 2+3?\",\"completions\":[\"Add.\",\"2+3=6.\"],\"labels\":[true,false],"
                + "\"source\":\"located:teacher\"}");
        // still flagged when the rounds ran out: no label, neither the first verdict nor the student's own k'
        Trace flagged = trace(superCorrectNodes(Verdict.INCORRECT).toArray(TraceNode[]::new));
        assertThat(export(ExportFormat.TRL_PRM, run("supercorrect", Map.of()), flagged)).isEmpty();
    }

    @Test
    void superCorrectGivesNoPairWhenTheLastInspectorFlaggedOrTheStudentLocatedNothing() throws Exception {
        Trace flagged = trace(superCorrectNodes(Verdict.INCORRECT).toArray(TraceNode[]::new));
        assertThat(export(ExportFormat.OPENRLHF_DPO, run("supercorrect", Map.of()), flagged)).isEmpty();
        List<TraceNode> noStudent = superCorrectNodes(Verdict.CORRECT).stream()
                .filter(n -> !n.id().value().equals("e2") && !n.id().value().equals("c2")).toList();
        assertThat(export(ExportFormat.TRL_DPO, run("supercorrect", Map.of()),
                new Trace(RUN, P, TraceStatus.FINISHED, null, null, noStudent))).isEmpty();
    }

    @Test
    void formatNamesAreHyphenated() {
        assertThat(ExportFormat.fromName("trl-sft")).contains(ExportFormat.TRL_SFT);
        assertThat(ExportFormat.fromName("openrlhf-dpo")).contains(ExportFormat.OPENRLHF_DPO);
        assertThat(ExportFormat.fromName("prm800k")).contains(ExportFormat.PRM800K);
        assertThat(ExportFormat.TRL_PRM.training()).isTrue();
        assertThat(ExportFormat.PROCESSBENCH.training()).isFalse();
    }
}
