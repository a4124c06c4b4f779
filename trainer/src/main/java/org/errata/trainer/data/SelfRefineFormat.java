package org.errata.trainer.data;

import java.util.List;

/**
 * Self-Refine (recipe {@code self-refine}): a solution for the plain solve prompt; for the
 * feedback prompt, the careful check ending in the verdict line the prompt asks for (the SPOC
 * verification); for the refine prompt, the corrected solution, its steps before the named one
 * copied from the last attempt. The loop stops at the first feedback that says Yes.
 */
public final class SelfRefineFormat {

    public static final String RECIPE = "self-refine";
    static final int MAX_TRIES = 3;

    private SelfRefineFormat() {}

    public static List<String> answers(ArithmeticProblem problem, Slips slips) {
        return script(problem, slips.tries(problem, MAX_TRIES));
    }

    /** Solution and feedback for each of these tries (the last right). */
    public static List<String> script(ArithmeticProblem problem, List<List<ArithStep>> tries) {
        return ChatSolution.eachJudged(tries, t -> SpocFormat.verification(problem.steps(), t));
    }
}
