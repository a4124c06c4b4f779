package org.errata.correction.grading;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answer equivalence under several checkers (METHODS.md section 0). The combined verdict is
 * conservative in the way of PRM800K's grader: equal when the normalised strings are equal, or
 * the values are numerically equal, or the expressions are symbolically equal; every checker's
 * verdict is kept. Thread-safe when its checkers are (the standard ones are).
 */
public final class Grader {

    private static final Grader STANDARD = new Grader(List.of(
            new StringChecker(), new NumericChecker(), new SymbolicChecker()));

    private final List<AnswerChecker> checkers;
    private final AnswerExtractor extractor;

    public Grader(List<AnswerChecker> checkers) {
        this(checkers, AnswerExtractor.standard());
    }

    public Grader(List<AnswerChecker> checkers, AnswerExtractor extractor) {
        if (checkers.isEmpty()) throw new IllegalArgumentException("a grader needs at least one checker");
        this.checkers = List.copyOf(checkers);
        this.extractor = extractor;
    }

    /** String-normalised, numeric (rel_tol 1e-4) and symbolic checkers. */
    public static Grader standard() {
        return STANDARD;
    }

    public List<AnswerChecker> checkers() {
        return checkers;
    }

    public AnswerExtractor extractor() {
        return extractor;
    }

    /** Compares two final answers (gold first: some checkers are not symmetric in odd cases). */
    public GradeResult grade(String gold, String predicted) {
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        boolean any = false;
        boolean all = true;
        for (AnswerChecker checker : checkers) {
            boolean same = checker.equivalent(gold, predicted);
            verdicts.put(checker.id(), same);
            any |= same;
            all &= same;
        }
        return new GradeResult(any, verdicts, any && !all);
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
