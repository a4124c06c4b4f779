package org.errata.trainer.data;

import java.util.List;
import java.util.Objects;

/** A wrong solution: the written steps, whose first wrong one is {@code stepIndex} (0-based). */
public record InjectedError(ErrorKind kind, int stepIndex, List<ArithStep> writtenSteps) {

    public InjectedError {
        Objects.requireNonNull(kind, "kind");
        writtenSteps = List.copyOf(writtenSteps);
        if (stepIndex < 0 || stepIndex >= writtenSteps.size()) {
            throw new IllegalArgumentException("step index " + stepIndex + " outside " + writtenSteps.size() + " steps");
        }
    }

    public long writtenAnswer() {
        return writtenSteps.get(writtenSteps.size() - 1).result();
    }
}
