package org.errata.correction.grading;

/** Hendrycks MATH {@code is_equiv}: equal after {@link AnswerNormalizer#normalize}. */
public final class StringChecker implements AnswerChecker {

    public static final String ID = "string";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean equivalent(String gold, String predicted) {
        String g = AnswerNormalizer.normalize(gold);
        return !g.isEmpty() && g.equals(AnswerNormalizer.normalize(predicted));
    }
}
