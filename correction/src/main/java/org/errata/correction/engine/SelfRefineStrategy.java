package org.errata.correction.engine;

import java.util.List;
import java.util.Map;
import org.errata.correction.engine.LoopOutcome.Budget;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;

/**
 * Self-Refine (METHODS.md A2b): answer; feedback on the current answer; refine from the history
 * of answers and feedback; stop when the feedback says the answer is correct or after
 * {@code maxTurns} answers.
 */
public record SelfRefineStrategy(TurnLimit params) implements Strategy {

    static final String FEEDBACK = "self-refine.feedback";
    static final String REFINE = "self-refine.refine";

    @Override public String id() { return "self-refine"; }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(StrategyParams.MAX_TURNS.withDefault(4)
            .withHelp("Most attempts: the first solution plus feedback-and-refine rounds."));

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public List<String> templates() { return List.of(Moves.SOLVE, FEEDBACK, REFINE); }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        String problem = session.problem().text();
        StringBuilder history = new StringBuilder();
        NodeId parent = null;
        for (int turn = 1; turn <= params.maxTurns(); turn++) {
            Attempt a = turn == 1
                    ? Moves.attempt(session, ModelRole.STUDENT, Moves.solvePrompt(session), null, 1, AttemptRole.PROPOSER)
                    : Moves.attempt(session, ModelRole.STUDENT, Moves.user(session.render(REFINE,
                            Map.of("problem", problem, "history", history.toString().strip()))), parent, turn,
                            AttemptRole.REFINER);
            Verification v = Moves.verify(session, ModelRole.STUDENT,
                    Moves.user(session.render(FEEDBACK, Map.of("problem", problem, "attempt", a.text()))),
                    a.id(), VerifierRole.SELF, 1, session.verdictParser(), -1);
            if (v.verdict() == Verdict.CORRECT) return session.solved("feedback says correct");
            history.append("Solution ").append(turn).append(":\n").append(a.text()).append("\n\n")
                    .append("Feedback ").append(turn).append(":\n").append(v.rawText()).append("\n\n");
            parent = v.id();
        }
        return session.exhausted(Budget.MAX_TURNS);
    }
}
