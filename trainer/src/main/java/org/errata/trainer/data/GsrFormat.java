package org.errata.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * GSR (recipe {@code gsr}, N candidates from its {@code samples} knob): N solutions for the solve
 * prompt, each slipping on its own, at half the usual rate (about as often as the model's own
 * candidates are wrong, so that candidates that all agree are common in training, as they are in
 * use); for the refine prompt over all of them, the candidates' answers in one line
 * ({@code Answers: 42, 42, 41, 42.}), then each candidate in turn, in the prompt's order, checked
 * as SPOC's verifier checks steps ({@code Candidate 1:}, then its check lines), up to the first whose
 * steps all check out, whose answer line is copied; when none does, one solution written the
 * careful way, each step's paragraph its column form.
 *
 * <p>Measured on the model bundled on the morning of 2026-12-07 (200 held-out problems): where the
 * candidates disagreed (108), a careful solution written again was right 71 times and their majority
 * vote 77 times, while at least one candidate was right in 188 of the 200 problems. Three more
 * stages from it, the last on this format, made the model bundled since: refine@4 91.8 % against
 * maj@4 83.6 % on all 500 held-out problems (trainer README).
 */
public final class GsrFormat {

    public static final String RECIPE = "gsr";
    /** The refinement's first line, before the candidates' answers. */
    public static final String ANSWERS_PREFIX = "Answers: ";
    /** Before a candidate's checks, with its number as the prompt lists it ("Candidate solution 2:"). */
    public static final String CANDIDATE_PREFIX = "Candidate ";
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

    /**
     * The refine call's answer: the candidates' answers; then each candidate in the prompt's order
     * checked the careful way ({@code Candidate 1:}, its check lines) up to the first whose steps all
     * check out, whose answer line is copied; when none does, the careful solution. No step depends
     * on comparing the answers: stages trained from the model bundled on the morning of 2026-12-07
     * on copying the answer when all agree and checking only when they disagree copied the last
     * answer when they disagreed too; on this format the refinement beat the majority vote (trainer
     * README).
     */
    public static String refinement(List<ArithStep> correct, List<List<ArithStep>> candidates) {
        StringJoiner answers = new StringJoiner(", ", ANSWERS_PREFIX, ".\n");
        for (List<ArithStep> c : candidates) answers.add(Long.toString(answer(c)));
        StringBuilder b = new StringBuilder(answers.toString());
        for (int i = 0; i < candidates.size(); i++) {
            List<ArithStep> candidate = candidates.get(i);
            b.append(CANDIDATE_PREFIX).append(i + 1).append(":\n").append(SpocFormat.checks(correct, candidate));
            if (ErrorInjector.firstDifference(correct, candidate) < 0) {
                return b.append(ChatSolution.answerLine(correct)).toString();
            }
        }
        return b.append(ChatSolution.careful(correct)).toString();
    }

    private static long answer(List<ArithStep> steps) {
        return steps.get(steps.size() - 1).result();
    }
}
