package org.errata.trainer.data;

import java.util.ArrayList;
import java.util.List;
import org.errata.correction.engine.GsrStrategy;

/**
 * GSR (recipe {@code gsr}, N candidates from its {@code samples} knob): N solutions for the solve
 * prompt, each slipping on its own; for the refine prompt over all of them, the candidates checked
 * in the order shown ({@code Candidate solution i:} and its careful check lines, as the SPOC
 * verification writes them) up to the first that checks out, then one solution written the careful
 * way, each step's paragraph its column form: it copies the checked columns and fixes whatever
 * slips the candidates (even a majority of them) made. Refining by checking beats the vote where
 * the check is more reliable than a solve; a plain careful re-solve (the first every-format model)
 * scored 8.8 points below maj@4.
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

    /** The candidates as written, then the refined solution. */
    public static List<String> script(ArithmeticProblem problem, List<List<ArithStep>> candidates) {
        List<String> out = new ArrayList<>();
        for (List<ArithStep> c : candidates) {
            out.add(ChatSolution.of(c));
        }
        out.add(refined(problem.steps(), candidates));
        return out;
    }

    /** The refine call's answer: each candidate's checks up to the first right one, then the careful solution. */
    public static String refined(List<ArithStep> correct, List<List<ArithStep>> candidates) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < candidates.size(); i++) {
            b.append(GsrStrategy.CANDIDATE_LABEL).append(i + 1).append(":\n").append(SpocFormat.checks(correct, candidates.get(i)));
            if (candidates.get(i).equals(correct)) {
                break;
            }
        }
        return b.append('\n').append(ChatSolution.careful(correct)).toString();
    }

}
