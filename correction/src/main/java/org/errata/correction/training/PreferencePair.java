package org.errata.correction.training;

import java.util.Objects;

/**
 * A preference pair: {@code kind} is {@code supercorrect} (teacher's analysis and correction of
 * a step over the student's own), {@code step-dpo} (the corrected step over the wrong one) or
 * {@code outcome} (a right sample over a wrong one of the same problem; {@code firstErrorStep}
 * -1: not located). {@code prompt} is the user turn the model answers at inference.
 */
public record PreferencePair(String id, String kind, String prompt, String chosen, String rejected, int firstErrorStep) {
    public PreferencePair {
        Objects.requireNonNull(id);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(prompt);
        Objects.requireNonNull(chosen);
        Objects.requireNonNull(rejected);
    }
}
