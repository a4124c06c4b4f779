package org.errata.trainer.data;

import java.util.List;

/**
 * Intrinsic self-correction (recipe {@code intrinsic}, one review round): the solution; for
 * "review your previous answer", the careful check with its verdict line; for "improve your
 * answer", the right solution: the same text when the review found nothing (no change for
 * change's sake), else the earlier steps copied up to the named one and that step fixed.
 */
public final class IntrinsicFormat {

    public static final String RECIPE = "intrinsic";

    private IntrinsicFormat() {}

    public static List<String> answers(ArithmeticProblem problem, Slips slips) {
        return script(problem, slips.first(problem));
    }

    /** Solution, review and improved solution after this first attempt. */
    public static List<String> script(ArithmeticProblem problem, List<ArithStep> first) {
        return List.of(ChatSolution.of(first), SpocFormat.verification(problem.steps(), first),
                ChatSolution.of(problem.steps()));
    }
}
