package org.errata.correction.training;

import java.util.List;

/**
 * An attempt's steps with good/bad labels, truncated after the first bad one; {@code source}
 * says where the labels come from ({@code human:ANNOTATOR}, {@code located:ROLE}).
 */
public record StepLabels(String id, List<String> steps, List<Boolean> labels, String source) {
    public StepLabels {
        steps = List.copyOf(steps);
        labels = List.copyOf(labels);
        if (steps.size() != labels.size()) throw new IllegalArgumentException(steps.size() + " steps, " + labels.size() + " labels");
    }
}
