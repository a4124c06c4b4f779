package org.errata.correction.grading;

import java.util.Optional;

/**
 * One way of deciding whether a predicted final answer equals the gold one. Implementations
 * never throw on odd input: what they cannot read is simply not equal.
 */
public interface AnswerChecker {

    /** A stable name, used as the key in {@link GradeResult#byChecker()}. */
    String id();

    boolean equivalent(String gold, String predicted);

    /**
     * Equal, different, or empty when this checker cannot decide (an answer it cannot read, a
     * time limit). The standard cheap checkers always decide: what they cannot read is different.
     */
    default Optional<Boolean> verdict(String gold, String predicted) {
        return Optional.of(equivalent(gold, predicted));
    }
}
