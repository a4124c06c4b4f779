package org.errata.correction.engine;

import java.util.List;
import java.util.Map;
import org.errata.correction.engine.LoopOutcome.Budget;
import org.errata.correction.parse.Span;
import org.errata.correction.parse.VerdictParsers;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.Verdict;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;

/**
 * Critique loop with a separate critic (METHODS.md A8). The critic sees the solution with each
 * step wrapped in {@code <paragraph_i>} tags (the ProcessBench template) and answers
 * {@code \boxed{k}}, the earliest wrong paragraph, -1 for none. -1 stops; k >= 0 gives an
 * ErrorLocation(k) and a Correction (the critique) under which the actor's rewrite hangs; an
 * unreadable critique still goes to the actor. At most {@code maxTurns} attempts.
 */
public record CriticStrategy(TurnLimit params) implements Strategy {

    static final String CRITIQUE = "critic.critique";
    static final String REFINE = "critic.refine";

    @Override public String id() { return "critic"; }
    @Override public List<ModelRole> roles() { return List.of(ModelRole.STUDENT, ModelRole.CRITIC); }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(StrategyParams.MAX_TURNS
            .withHelp("Most attempts: the first solution plus (max_turns - 1) critique-and-refine rounds."));

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public List<String> templates() { return List.of(Moves.SOLVE, CRITIQUE, REFINE); }

    @Override public boolean judgesGivenSolutions() { return true; }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        if (session.given().isPresent()) return judgeGiven(session, session.given().get());
        String problem = session.problem().text();
        Attempt a = Moves.attempt(session, ModelRole.STUDENT, Moves.solvePrompt(session), null, 1, AttemptRole.ACTOR);
        for (int turn = 1; ; turn++) {
            Verification critique = Moves.verify(session, ModelRole.CRITIC, Moves.user(session.render(CRITIQUE,
                    Map.of("problem", problem, "tagged_solution", tagged(a.text(), session.segmenter().segment(a.text()))))),
                    a.id(), VerifierRole.CRITIC, 1, VerdictParsers.byId(VerdictParsers.BOXED_INDEX), -1);
            if (critique.verdict() == Verdict.CORRECT) return session.solved("the critic found no error");
            if (turn >= params.maxTurns()) return session.exhausted(Budget.MAX_TURNS);
            NodeId parent = critique.id();
            if (critique.verdict() == Verdict.INCORRECT && critique.predictedFirstError() != null) {
                ErrorLocation location = session.errorLocation(critique.id(), critique.predictedFirstError(),
                        critique.rawText(), null);
                Correction c = session.correction(session.newNode(), location.id(), critique.rawText(), null,
                        critique.model());
                parent = c.id();
            }
            a = Moves.attempt(session, ModelRole.STUDENT, Moves.user(session.render(REFINE,
                    Map.of("problem", problem, "attempt", a.text(), "feedback", critique.rawText()))),
                    parent, turn + 1, AttemptRole.ACTOR);
        }
    }

    /**
     * A critic over given solutions (METHODS.md C, ProcessBench): each root solution of the given
     * trace is copied in with its steps and human labels, and the critic, shown the solution's own
     * steps as {@code <paragraph_i>} (the steps the labels count), names the earliest wrong one as
     * {@code \boxed{k}}; k >= 0 is stored as an ErrorLocation. No solution is written or rewritten.
     */
    private static LoopOutcome judgeGiven(ProblemSession session, Trace given) {
        List<Attempt> solutions = given.attempts().stream().filter(a -> a.parent() == null)
                .sorted(java.util.Comparator.comparingInt(Attempt::seq)).toList();
        if (solutions.isEmpty()) return session.stopped("no given solution to judge");
        for (Attempt solution : solutions) {
            Attempt a = session.givenSolution(given, solution);
            List<Step> steps = given.children(solution.id()).stream().filter(Step.class::isInstance).map(Step.class::cast)
                    .sorted(java.util.Comparator.comparingInt(Step::index)).toList();
            List<String> texts = steps.isEmpty()
                    ? session.segmenter().segment(a.text()).stream().map(sp -> sp.text(a.text())).toList()
                    : steps.stream().map(st -> st.text(a.text())).toList();
            Verification critique = Moves.verify(session, ModelRole.CRITIC, Moves.user(session.render(CRITIQUE,
                    Map.of("problem", session.problem().text(), "tagged_solution", tagged(texts)))),
                    a.id(), VerifierRole.CRITIC, 1, VerdictParsers.byId(VerdictParsers.BOXED_INDEX), -1);
            Integer k = critique.predictedFirstError();
            if (critique.verdict() == Verdict.INCORRECT && k != null && k >= 0) {
                session.errorLocation(critique.id(), k, critique.rawText(), null);
            }
        }
        return session.stopped("judged " + solutions.size() + " given solution" + (solutions.size() == 1 ? "" : "s"));
    }

    /** The ProcessBench layout: each step as {@code <paragraph_i>...</paragraph_i>}, 0-indexed. */
    static String tagged(String text, List<Span> steps) {
        if (steps.isEmpty()) return tagged(List.of(text));
        return tagged(steps.stream().map(s -> s.text(text)).toList());
    }

    /** Each step text as {@code <paragraph_i>...</paragraph_i>}, 0-indexed, blank lines between. */
    static String tagged(List<String> steps) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            out.append("<paragraph_").append(i).append(">\n").append(steps.get(i))
                    .append("\n</paragraph_").append(i).append(">\n\n");
        }
        return out.toString().strip();
    }
}
