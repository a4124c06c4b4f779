package org.errata.trainer.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * GSR (recipe {@code gsr}, N candidates from its {@code samples} knob): N solutions for the solve
 * prompt, each slipping on its own, at half the usual rate (about as often as the model's own
 * candidates are wrong, so that candidates that all agree are common in training, as they are in
 * use); for the refine prompt over all of them, the candidates' answers in one line
 * ({@code Answers: 42, 42, 41, 42.}), then:
 * <ul>
 *   <li>when all of them give the right answer, that answer line copied;</li>
 *   <li>when they disagree, each different answer in turn, the most given first (ties in the
 *       prompt's order), is checked: the first candidate that gives it ({@code Candidate 2:}), its
 *       steps checked the careful way as SPOC's verifier checks them; the first candidate whose
 *       steps all check out has its answer line copied;</li>
 *   <li>else (all agree on a wrong answer, or no answer checks out) one solution written the careful
 *       way, each step's paragraph its column form.</li>
 * </ul>
 *
 * <p>Measured on the model bundled on 2026-12-07 (200 held-out problems): where the candidates
 * disagreed (108), a careful solution written again was right 71 times and their majority vote 77
 * times, while at least one candidate was right in 188 of the 200 problems; the careful check picks
 * out that candidate.
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
     * The refine call's answer: the candidates' answers, then the right one copied when all give it;
     * when they disagree, the check of each different answer's first candidate, most given first,
     * up to the first that checks out, whose answer is copied; else the careful solution.
     */
    public static String refinement(List<ArithStep> correct, List<List<ArithStep>> candidates) {
        StringJoiner answers = new StringJoiner(", ", ANSWERS_PREFIX, ".\n");
        Map<Long, Integer> counts = new LinkedHashMap<>();
        Map<Long, Integer> firstGiving = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            long answer = answer(candidates.get(i));
            answers.add(Long.toString(answer));
            counts.merge(answer, 1, Integer::sum);
            firstGiving.putIfAbsent(answer, i);
        }
        StringBuilder b = new StringBuilder(answers.toString());
        if (counts.size() == 1) {
            return b.append(counts.containsKey(answer(correct)) ? ChatSolution.answerLine(correct) : ChatSolution.careful(correct)).toString();
        }
        List<Long> order = new ArrayList<>(counts.keySet()); // first appearance, so a stable sort keeps the prompt's order in ties
        order.sort((x, y) -> Integer.compare(counts.get(y), counts.get(x)));
        for (long answer : order) {
            int at = firstGiving.get(answer);
            List<ArithStep> candidate = candidates.get(at);
            b.append(CANDIDATE_PREFIX).append(at + 1).append(":\n").append(SpocFormat.checks(correct, candidate));
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
