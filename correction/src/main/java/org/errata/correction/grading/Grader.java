package org.errata.correction.grading;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Answer equivalence under several checkers (METHODS.md section 0). The combined verdict is
 * conservative in the way of PRM800K's grader: equal when any checker says equal (normalised
 * strings, numeric value, symbolic evaluation, or a computer-algebra proof); every verdict is
 * kept. The cheap checkers always run; the costly ones (the CAS) run as {@link Escalation} says.
 * Thread-safe when its checkers are (the standard ones are).
 */
public final class Grader {

    /** When the costly checkers are consulted. */
    public enum Escalation {
        /** Never: the costly checkers are listed but not run. */
        NEVER,
        /**
         * When the cheap checkers disagree (the CAS's exact verdict is recorded for adjudication)
         * or unanimously say "different" while both answers are readable (the only case in which
         * the CAS can change the combined verdict). Not when they unanimously say "equal", the
         * common case, and not when an answer is unreadable: the CAS reads answers through the
         * same parser, so it could not decide either.
         */
        ON_DOUBT,
        /** Always, e.g. to compare the checkers on a data set. */
        ALWAYS
    }

    private static final Grader STANDARD = new Grader(
            List.of(new StringChecker(), new NumericChecker(), new SymbolicChecker()),
            List.of(new CasChecker()), Escalation.ON_DOUBT, AnswerExtractor.standard());

    private final List<AnswerChecker> checkers;
    private final List<AnswerChecker> costly;
    private final Escalation escalation;
    private final AnswerExtractor extractor;

    public Grader(List<AnswerChecker> checkers) {
        this(checkers, AnswerExtractor.standard());
    }

    public Grader(List<AnswerChecker> checkers, AnswerExtractor extractor) {
        this(checkers, List.of(), Escalation.NEVER, extractor);
    }

    /** {@code checkers} always run; {@code costly} ones run after them as {@code escalation} says. */
    public Grader(List<AnswerChecker> checkers, List<AnswerChecker> costly, Escalation escalation, AnswerExtractor extractor) {
        if (checkers.isEmpty()) throw new IllegalArgumentException("a grader needs at least one checker");
        this.checkers = List.copyOf(checkers);
        this.costly = List.copyOf(costly);
        this.escalation = escalation;
        this.extractor = extractor;
    }

    /**
     * String-normalised, numeric ({@link GradingPolicy#standard()}: integers exact, rel_tol 1e-4
     * otherwise) and symbolic checkers, with the CAS consulted
     * {@link Escalation#ON_DOUBT on doubt}.
     */
    public static Grader standard() {
        return STANDARD;
    }

    /**
     * The same checkers with the numeric checker under {@code policy} (the other checkers have no
     * tolerance to set: the symbolic one only absorbs rounding, the CAS is exact).
     */
    public Grader withPolicy(GradingPolicy policy) {
        java.util.function.UnaryOperator<AnswerChecker> swap = c -> c instanceof NumericChecker ? new NumericChecker(policy) : c;
        return new Grader(checkers.stream().map(swap).toList(), costly.stream().map(swap).toList(), escalation, extractor);
    }

    /** This grader's policy: the numeric checker's tolerance (the standard one when there is none) and its escalation. */
    public GradingPolicy policy() {
        return checkers.stream().filter(c -> c instanceof NumericChecker).map(c -> ((NumericChecker) c).policy())
                .findFirst().orElse(GradingPolicy.standard()).withCas(escalation);
    }

    /** The same checkers with another escalation policy. */
    public Grader withEscalation(Escalation policy) {
        return new Grader(checkers, costly, policy, extractor);
    }

    /** The checkers that always run. */
    public List<AnswerChecker> checkers() {
        return checkers;
    }

    /** The checkers run only as {@link #escalation()} says. */
    public List<AnswerChecker> costlyCheckers() {
        return costly;
    }

    public Escalation escalation() {
        return escalation;
    }

    public AnswerExtractor extractor() {
        return extractor;
    }

    /** Compares two final answers (gold first: some checkers are not symmetric in odd cases). */
    public GradeResult grade(String gold, String predicted) {
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        Set<String> undecided = new LinkedHashSet<>();
        for (AnswerChecker checker : checkers) record(checker, gold, predicted, verdicts, undecided);
        if (!costly.isEmpty() && escalate(gold, predicted, verdicts)) {
            for (AnswerChecker checker : costly) record(checker, gold, predicted, verdicts, undecided);
        }
        boolean any = verdicts.containsValue(true);
        boolean all = !verdicts.containsValue(false);
        return new GradeResult(any, verdicts, any && !all, undecided);
    }

    private static void record(AnswerChecker checker, String gold, String predicted, Map<String, Boolean> verdicts, Set<String> undecided) {
        Optional<Boolean> v = checker.verdict(gold, predicted);
        if (v.isPresent()) verdicts.put(checker.id(), v.get());
        else undecided.add(checker.id());
    }

    private boolean escalate(String gold, String predicted, Map<String, Boolean> cheap) {
        return switch (escalation) {
            case NEVER -> false;
            case ALWAYS -> true;
            case ON_DOUBT -> {
                boolean any = cheap.containsValue(true);
                boolean all = !cheap.containsValue(false);
                if (any) yield !all;
                yield readable(gold) && readable(predicted);
            }
        };
    }

    private static boolean readable(String answer) {
        try {
            AnswerValue.parse(answer);
            return true;
        } catch (LatexExpressionParser.MathSyntaxException | ArithmeticException | NumberFormatException unreadable) {
            return false;
        }
    }

    /** Shorthand for {@code grade(gold, predicted).equivalent()}. */
    public boolean equivalent(String gold, String predicted) {
        return grade(gold, predicted).equivalent();
    }

    /**
     * Grades a whole solution: extracts its final answer first. Empty when no answer can be
     * extracted (the solution then counts as wrong, but that is the caller's decision).
     */
    public Optional<Graded> gradeSolution(String gold, String solution) {
        return extractor.extract(solution).map(a -> new Graded(a, grade(gold, a.answer())));
    }

    /** An extracted answer with its grade. */
    public record Graded(ExtractedAnswer extracted, GradeResult result) {}
}
