package org.errata.correction.engine;

import java.util.List;
import java.util.Map;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.NodeStatus;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Prompt;

/**
 * SuperCorrect's evaluation (METHODS.md A4), as the paper scores a SuperCorrect-style model:
 * one call whose system turn is the hierarchical-thought prompt and whose user turn is the
 * problem; the model answers in {@code <StepN>} steps with {@code <Key>} notes, a
 * {@code <Generalized>} summary and an {@code <Answer>}. Its recipe grades only the content of
 * {@code <Answer>} (profile {@code answer_format: answer_tag}) and cuts steps with
 * {@code xml_step}. No prompt holds a reference or gold answer; the gold answer is used only to
 * grade, after the call, as for any evaluation. The data pipeline (teacher, inspector) is the
 * {@code supercorrect} strategy.
 */
public record SuperCorrectEvalStrategy(StrategyParams.None params) implements Strategy {

    static final String SYSTEM = "supercorrect.system";
    static final String USER = "supercorrect.eval-user";

    /** No knobs: one solution per problem, as the paper evaluates (sampling is the recipe's). */
    public static final List<Knob> KNOBS = StrategyParams.None.KNOBS;

    @Override public String id() { return "supercorrect-eval"; }
    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public String format() { return "supercorrect"; }
    @Override public List<String> templates() { return List.of(SYSTEM, USER); }
    @Override public String defaultSegmenter() { return "xml_step"; }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        Prompt prompt = Prompt.chat(
                ChatMessage.system(session.render(SYSTEM, Map.of())),
                ChatMessage.user(session.render(USER, Map.of("problem", session.problem().text()))));
        var attempt = Moves.attempt(session, ModelRole.STUDENT, prompt, null, 1, AttemptRole.STUDENT);
        return session.stopped(attempt.status() == NodeStatus.OK
                ? "one hierarchical-thought solution" : "the solution was cut short");
    }
}
