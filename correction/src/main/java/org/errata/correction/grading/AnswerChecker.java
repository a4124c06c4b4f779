package org.errata.correction.grading;

/**
 * One way of deciding whether a predicted final answer equals the gold one. Implementations
 * never throw on odd input: what they cannot read is simply not equal.
 */
public interface AnswerChecker {

    /** A stable name, used as the key in {@link GradeResult#byChecker()}. */
    String id();

    boolean equivalent(String gold, String predicted);
}
