package org.errata.trainer.data;

import java.util.List;

/**
 * The ProcessBench critic loop (recipe {@code critic}): the solution (one step per paragraph,
 * so paragraph k is step k + 1); for the critique template, the careful check lines up to the
 * first wrong step, then {@code \boxed{k}} with k that paragraph's 0-based index, or
 * {@code \boxed{-1}}; for the refine prompt, the corrected solution.
 */
public final class CriticFormat {

    public static final String RECIPE = "critic";
    static final int MAX_TRIES = 3;

    private CriticFormat() {}

    public static List<String> answers(ArithmeticProblem problem, Slips slips) {
        return script(problem, slips.tries(problem, MAX_TRIES));
    }

    /** Solution and critique for each of these tries (the last right). */
    public static List<String> script(ArithmeticProblem problem, List<List<ArithStep>> tries) {
        return ChatSolution.eachJudged(tries, t -> critique(problem.steps(), t));
    }

    /** The critique of {@code written}: checks, then the earliest wrong paragraph (0-based) or -1, boxed. */
    public static String critique(List<ArithStep> correct, List<ArithStep> written) {
        return SpocFormat.checks(correct, written) + "\\boxed{" + ErrorInjector.firstDifference(correct, written) + "}";
    }
}
