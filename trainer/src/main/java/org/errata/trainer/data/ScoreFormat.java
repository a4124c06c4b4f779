package org.errata.trainer.data;

import java.util.List;

/**
 * SCoRe's two attempts (recipe {@code score}): the solution; then, for the fixed revision
 * instruction, the careful check lines of the first attempt (no verdict line: SCoRe parses none)
 * followed by the rewritten solution, which copies what was right and fixes the named step; when
 * every step checks out, only the answer line, its result copied from the last check line. (The
 * model bundled on 2026-12-06, trained to write a right first attempt again in full, slipped in that copy: on
 * 300 held-out problems, 11 % of first attempts went from right to wrong, every one of them after
 * all its steps had checked out.)
 */
public final class ScoreFormat {

    public static final String RECIPE = "score";

    private ScoreFormat() {}

    public static List<String> answers(ArithmeticProblem problem, Slips slips) {
        return script(problem, slips.first(problem));
    }

    /** The two attempts after this first one. */
    public static List<String> script(ArithmeticProblem problem, List<ArithStep> first) {
        return List.of(ChatSolution.of(first), second(problem.steps(), first));
    }

    public static String second(List<ArithStep> correct, List<ArithStep> first) {
        boolean right = ErrorInjector.firstDifference(correct, first) < 0;
        return SpocFormat.checks(correct, first) + "\n" + (right ? ChatSolution.answerLine(correct) : ChatSolution.of(correct));
    }
}
