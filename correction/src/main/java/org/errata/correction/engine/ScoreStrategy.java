package org.errata.correction.engine;

import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Prompt;

/**
 * SCoRe-style two attempts (METHODS.md A3): y1 = pi(x); y2 = pi([x, y1, p]) with the fixed
 * revision instruction p. No verdict: the second attempt hangs directly under the first.
 */
public record ScoreStrategy(StrategyParams.None params) implements Strategy {

    static final String REVISE = "score.revise";

    @Override public String id() { return "score"; }
    @Override public org.errata.correction.training.TrainingData trainingData() { return ScoreTraining.INSTANCE; }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = StrategyParams.None.KNOBS;

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public List<String> templates() { return List.of(Moves.SOLVE, REVISE); }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        ChatMessage x = ChatMessage.user(session.render(Moves.SOLVE, Map.of("problem", session.problem().text())));
        Attempt first = Moves.attempt(session, ModelRole.STUDENT, Prompt.chat(x), null, 1, AttemptRole.PROPOSER);
        Prompt second = Prompt.chat(x, ChatMessage.assistant(first.text()),
                ChatMessage.user(session.render(REVISE, Map.of())));
        Moves.attempt(session, ModelRole.STUDENT, second, first.id(), 2, AttemptRole.REFINER);
        return session.stopped("two attempts");
    }
}
