package org.errata.correction.grading;

import java.util.Objects;

/** A final answer found in a solution text, and the name of the extractor that found it. */
public record ExtractedAnswer(String answer, String extractor) {
    public ExtractedAnswer {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(extractor, "extractor");
    }
}
