package org.errata.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * GSR (recipe {@code gsr}, N candidates from its {@code samples} knob): N solutions for the solve
 * prompt, each slipping on its own, at half the usual rate (about as often as the model's own
 * candidates are wrong, so that candidates that all agree are common in training, as they are in
 * use); for the refine prompt over all of them, the candidates' answers in one line
 * ({@code Answers: 42, 42, 41, 42.}), then, when all of them give the right answer, that answer
 * line copied, else one solution written the careful way, each step's paragraph its column form,
 * which fixes whatever slips the candidates (even a majority of them) made.
 *
 * <p>Measured on the model bundled on 2026-12-06 (200 held-out problems): where all four candidates agreed, a
 * careful solution written again was wrong 16 % of the time although the candidates were right;
 * where they disagreed it beat their majority vote.
 */
public final class GsrFormat {

    public static final String RECIPE = "gsr";
    /** The refinement's first line, before the candidates' answers. */
    public static final String ANSWERS_PREFIX = "Answers: ";
    /** GSR's candidates slip this share of the usual first-attempt rate. */
    static final double CANDIDATE_SLIP_SHARE = 0.5;

    private GsrFormat() {}

    public static List<String> answers(ArithmeticProblem problem, Slips slips, int candidates) {
        List<List<ArithStep>> written = new ArrayList<>();
        for (int i = 0; i < candidates; i++) {
            written.add(slips.first(problem, CANDIDATE_SLIP_SHARE));
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

    /** The refine call's answer: the candidates' answers, then the right one copied when all give it, else the careful solution. */
    public static String refinement(List<ArithStep> correct, List<List<ArithStep>> candidates) {
        StringJoiner answers = new StringJoiner(", ", ANSWERS_PREFIX, ".\n");
        boolean allRight = true;
        for (List<ArithStep> c : candidates) {
            long answer = c.get(c.size() - 1).result();
            answers.add(Long.toString(answer));
            allRight &= answer == correct.get(correct.size() - 1).result();
        }
        return answers + (allRight ? ChatSolution.answerLine(correct) : ChatSolution.careful(correct));
    }
}
