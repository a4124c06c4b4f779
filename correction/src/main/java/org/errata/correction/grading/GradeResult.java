package org.errata.correction.grading;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdict of a {@link Grader}: {@code equivalent} is the combined verdict, {@code byChecker}
 * every checker's own verdict in the order the checkers ran, and {@code checkersDisagree} is true
 * when at least one checker said equal and another said different (a case for human adjudication).
 */
public record GradeResult(boolean equivalent, Map<String, Boolean> byChecker, boolean checkersDisagree) {
    public GradeResult {
        byChecker = Collections.unmodifiableMap(new LinkedHashMap<>(byChecker));
    }
}
