package org.errata.trainer.data;

import java.util.List;
import org.errata.correction.parse.Segmenters;

/**
 * S²R (recipe {@code s2r}): one stream for the system prompt and the bare question. A solution
 * (one step per paragraph), {@code Wait, let me recheck my solution.}, the careful check lines and
 * a verdict sentence that the {@code s2r} parser reads from the last sentence; after
 * {@code So my answer is incorrect.} comes {@code Let me try again.} and a corrected solution,
 * whose steps before the slip are the earlier ones, copied.
 */
public final class S2rFormat {

    public static final String RECIPE = "s2r";
    public static final String CORRECT = "So my answer is correct.";
    public static final String INCORRECT = "So my answer is incorrect.";
    /** The most solutions in one stream (the recipe allows 4). */
    static final int MAX_TRIES = 3;

    private S2rFormat() {}

    public static List<String> answers(ArithmeticProblem problem, Slips slips) {
        return script(problem, slips.tries(problem, MAX_TRIES));
    }

    /** The one answer for these tries (the last right). */
    public static List<String> script(ArithmeticProblem problem, List<List<ArithStep>> tries) {
        return List.of(stream(problem.steps(), tries));
    }

    /** The stream over these tries, the last of which is right. */
    public static String stream(List<ArithStep> correct, List<List<ArithStep>> tries) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < tries.size(); i++) {
            if (i > 0) {
                b.append(ChatSolution.PARAGRAPH).append(Segmenters.TRY_AGAIN).append(ChatSolution.PARAGRAPH);
            }
            List<ArithStep> t = tries.get(i);
            b.append(ChatSolution.of(t)).append(ChatSolution.PARAGRAPH).append(Segmenters.RECHECK)
                    .append(ChatSolution.PARAGRAPH).append(SpocFormat.checks(correct, t))
                    .append(t.equals(correct) ? CORRECT : INCORRECT);
        }
        return b.toString();
    }
}
