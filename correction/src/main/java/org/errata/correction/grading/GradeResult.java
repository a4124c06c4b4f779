package org.errata.correction.grading;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The verdict of a {@link Grader}: {@code equivalent} is the combined verdict, {@code byChecker}
 * every deciding checker's own verdict in the order the checkers ran, and {@code checkersDisagree}
 * is true when at least one checker said equal and another said different (a case for human
 * adjudication). {@code undecided} names the checkers that were consulted but gave no verdict;
 * a checker the grader did not consult (see {@link Grader.Escalation}) is in neither.
 */
public record GradeResult(boolean equivalent, Map<String, Boolean> byChecker, boolean checkersDisagree, Set<String> undecided) {
    public GradeResult {
        byChecker = Collections.unmodifiableMap(new LinkedHashMap<>(byChecker));
        undecided = Collections.unmodifiableSet(new LinkedHashSet<>(undecided));
    }

    public GradeResult(boolean equivalent, Map<String, Boolean> byChecker, boolean checkersDisagree) {
        this(equivalent, byChecker, checkersDisagree, Set.of());
    }
}
