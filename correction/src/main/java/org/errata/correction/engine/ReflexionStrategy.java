package org.errata.correction.engine;

import java.util.List;
import java.util.Map;
import org.errata.correction.engine.Generation.Sample;
import org.errata.correction.engine.LoopOutcome.Budget;
import org.errata.correction.parse.ParsedVerdict;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;

/**
 * Reflexion with an oracle stop (METHODS.md A7): attempt; the gold answer judges it (an ORACLE
 * verification, no model call); if wrong, a self-reflection call writes a lesson (a Correction
 * node) and the next attempt sees every lesson so far. Stops when correct or after
 * {@code maxTurns} trials. Uses gold: never compare it with intrinsic self-correction.
 */
public record ReflexionStrategy(TurnLimit params) implements Strategy {

    static final String ATTEMPT = "reflexion.attempt";
    static final String REFLECT = "reflexion.reflect";
    static final String ORACLE_PARSER = "oracle";

    @Override public String id() { return "reflexion"; }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(StrategyParams.MAX_TURNS.withDefault(4)
            .withHelp("Most trials; the loop stops early when a trial is right (it reads the gold answer)."));

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public List<String> templates() { return List.of(ATTEMPT, REFLECT); }
    @Override public boolean usesGold() { return true; }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        String gold = session.problem().goldAnswer();
        if (gold == null) return new LoopOutcome.Failed("reflexion stops on the gold answer and this problem has none", null, null);
        String problem = session.problem().text();
        StringBuilder lessons = new StringBuilder();
        NodeId parent = null;
        for (int trial = 1; trial <= params.maxTurns(); trial++) {
            String memory = lessons.isEmpty() ? "" : "Lessons from your earlier attempts:\n" + lessons.toString().strip();
            Attempt a = Moves.attempt(session, ModelRole.STUDENT,
                    Moves.user(session.render(ATTEMPT, Map.of("problem", problem, "lessons", memory))), parent, trial,
                    AttemptRole.ACTOR);
            boolean right = Boolean.TRUE.equals(a.correct());
            String said = a.finalAnswer() == null ? "no final answer was found" : "the answer " + a.finalAnswer();
            Verification oracle = session.verification(session.newNode(), a.id(), VerifierRole.ORACLE, "oracle", "",
                    "Compared with the gold answer: " + said + (right ? " is correct." : " is wrong."),
                    new ParsedVerdict(right ? Verdict.CORRECT : Verdict.INCORRECT, null, ORACLE_PARSER),
                    null, 1, CallStats.NONE, NodeStatus.OK, null);
            if (right) return session.solved("the oracle says correct");
            if (trial == params.maxTurns()) break;
            NodeId lessonId = session.newNode();
            Generation g = session.generate(CallSpec.of(ModelRole.STUDENT, Moves.user(session.render(REFLECT,
                    Map.of("problem", problem, "attempt", a.text(),
                            "feedback", "Your final answer was judged wrong: " + said + "."))),
                    lessonId, oracle.id(), "correction", "reflection " + trial));
            Sample s = g.first();
            String lesson = s.text().strip();
            session.correction(lessonId, oracle.id(), lesson, null, g.model());
            session.check(s);
            lessons.append(trial).append(". ").append(lesson).append('\n');
            parent = lessonId;
        }
        return session.exhausted(Budget.MAX_TURNS);
    }
}
