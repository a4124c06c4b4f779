package org.errata.persistence.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.errata.correction.grading.Grader;
import org.errata.correction.grading.GradeResult;
import org.errata.correction.grading.GradingPolicy;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Problem;
import org.jspecify.annotations.Nullable;

/**
 * Grades every imported attempt against its problem's gold answer with Errata's own extractor
 * and grader, under one {@link GradingPolicy}. What the file itself said (its {@code is_correct},
 * {@code score} or {@code acc}) is kept beside Errata's verdict: where the two disagree, the
 * attempt's {@code checkerVerdicts} hold every checker's verdict plus the file's under
 * {@value #FILE_LABEL}, so the disagreement can be found and adjudicated, and the import reports
 * how many there were and the first few with their file and line.
 */
final class ImportGrading {
    /** The key of the file's own label in an attempt's checker verdicts. */
    static final String FILE_LABEL = "file";
    /** {@code extractedBy} of an answer the file gave and Errata's extractors could not find in the text. */
    static final String FROM_FILE = "file";
    /** How many disagreements the report spells out. */
    static final int SHOWN = 5;

    private final Grader grader;
    private final Path file;
    private int graded;
    private int disagreements;
    private final List<String> shown = new ArrayList<>();

    ImportGrading(GradingPolicy policy, Path file) {
        this.grader = policy.grader();
        this.file = file;
    }

    /**
     * {@code a} as the file gave it ({@code correct} and {@code finalAnswer} are the file's),
     * graded by Errata when the problem has a gold answer; unchanged otherwise.
     */
    Attempt grade(Attempt a, Problem problem, int line, String which) {
        String gold = problem.goldAnswer();
        if (gold == null || gold.isBlank()) return a;
        @Nullable Boolean fileSays = a.correct();
        String answer = null;
        String extractedBy = null;
        Optional<Grader.Graded> g = grader.gradeSolution(gold, a.text());
        GradeResult result = null;
        if (g.isPresent()) {
            answer = g.get().extracted().answer();
            extractedBy = g.get().extracted().extractor();
            result = g.get().result();
        } else if (a.finalAnswer() != null && !a.finalAnswer().isBlank()) {
            answer = a.finalAnswer();
            extractedBy = FROM_FILE;
            result = grader.grade(gold, answer);
        }
        boolean errata = result != null && result.equivalent();
        graded++;
        Map<String, @Nullable Boolean> verdicts = new LinkedHashMap<>();
        if (result != null && result.checkersDisagree()) verdicts.putAll(result.byChecker());
        if (fileSays != null && fileSays != errata) {
            if (result != null) verdicts.putAll(result.byChecker());
            verdicts.put(FILE_LABEL, fileSays);
            disagreements++;
            if (shown.size() < SHOWN) {
                shown.add(file + ":" + line + ": " + problem.key() + " " + which + ": the file says "
                        + (fileSays ? "right" : "wrong") + ", Errata says " + (errata ? "right" : "wrong")
                        + " (answer " + (answer == null ? "not found" : "'" + answer + "'") + ", gold '" + gold + "')");
            }
        }
        return new Attempt(a.id(), a.parent(), a.seq(), a.turn(), a.role(), a.model(), a.prompt(), a.text(), answer,
                extractedBy, errata, verdicts, a.stats(), a.status(), a.error(), a.logprobs());
    }

    int graded() {
        return graded;
    }

    int disagreements() {
        return disagreements;
    }

    List<String> shown() {
        return List.copyOf(shown);
    }
}
