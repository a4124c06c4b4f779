package org.errata.trainer.data;

import java.util.ArrayList;
import java.util.List;
import org.errata.correction.engine.GsrStrategy;

/**
 * GSR (recipe {@code gsr}, N candidates from its {@code samples} knob): N solutions for the solve
 * prompt, each slipping on its own; for the refine prompt over all of them, the candidates checked
 * in the order the prompt lists them, each under its label ({@code Candidate solution 2:}) with
 * SPOC's careful check lines up to its first wrong step, until one checks out; then that one's
 * answer line, its result copied from its last check line. When none checks out, one solution
 * written the careful way, each step's paragraph its column form. So the refinement keeps a right
 * candidate even when a majority of them share a wrong answer, and copies instead of recomputing
 * (a solution recomputed from scratch slipped as often as the candidates did).
 */
public final class GsrFormat {

    public static final String RECIPE = "gsr";

    private GsrFormat() {}

    public static List<String> answers(ArithmeticProblem problem, Slips slips, int candidates) {
        List<List<ArithStep>> written = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            written.add(slips.first(problem));
        }
        return script(problem, written);
    }

    /** The candidates as written, then the refinement. */
    public static List<String> script(ArithmeticProblem problem, List<List<ArithStep>> candidates) {
        List<String> out = new ArrayList<>();
        for (List<ArithStep> c : candidates) {
            out.add(ChatSolution.of(c));
        }
        out.add(refinement(problem.steps(), candidates));
        return out;
    }

    /** The refine call's answer: candidates checked in order up to the first right one, its answer; else the careful solution. */
    public static String refinement(List<ArithStep> correct, List<List<ArithStep>> candidates) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < candidates.size(); i++) {
            List<ArithStep> c = candidates.get(i);
            b.append(GsrStrategy.CANDIDATE_LABEL).append(i + 1).append(":\n").append(SpocFormat.checks(correct, c)).append('\n');
            if (ErrorInjector.firstDifference(correct, c) < 0) {
                return b.append(ChatSolution.answerLine(correct)).toString();
            }
        }
        return b.append(ChatSolution.careful(correct)).toString();
    }
}
