package org.errata.app.annotate;

import java.util.List;
import java.util.Optional;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/**
 * One solution to label: an attempt of a (run, problem) cut into {@code steps} by
 * {@code segmenter}. {@code verdicts} are the model's own verifications of the attempt and
 * {@code labels} every stored human label on it under that segmenter (the view hides both in
 * blind mode). {@code goldFirstError} is set on gold items: the first error a gold annotator gave.
 * {@code nextSeq} orders a new label after every node of the trace.
 */
public record AnnotationItem(
        RunId run,
        ProblemId problem,
        String problemText,
        Attempt attempt,
        String segmenter,
        List<String> steps,
        List<Verification> verdicts,
        List<HumanLabel> labels,
        @Nullable Integer goldFirstError,
        int nextSeq) {

    public AnnotationItem {
        steps = List.copyOf(steps);
        verdicts = List.copyOf(verdicts);
        labels = List.copyOf(labels);
    }

    public boolean gold() {
        return goldFirstError != null;
    }

    /** The stored label of {@code annotator} on this item, if any. */
    public Optional<HumanLabel> labelBy(String annotator) {
        return labels.stream().filter(l -> l.annotator().equals(annotator)).reduce((a, b) -> b);
    }
}
