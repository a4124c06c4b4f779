package org.errata.app.annotate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.errata.correction.parse.AttemptSteps;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;
import org.errata.correction.trace.VerifierRole;
import org.jspecify.annotations.Nullable;

/**
 * The solutions to label, in order: every attempt with text of every trace given (a run, an
 * import, or the traces a saved filter selected). Steps are the attempt's stored steps under the
 * chosen segmenter, else that segmenter applied to its text. Items that carry a label by one of
 * {@code goldAnnotators} are gold items.
 */
public final class AnnotationQueue {
    public static final String DEFAULT_GOLD = "gold";

    private final List<AnnotationItem> items;

    public AnnotationQueue(List<AnnotationItem> items) {
        this.items = List.copyOf(items);
    }

    /**
     * Builds a queue. {@code segmenter} null: each attempt's own stored segmenter, else
     * {@code paragraph}. {@code problemText} gives the problem statement of a problem id.
     */
    public static AnnotationQueue of(List<Trace> traces, Function<ProblemId, String> problemText,
                                     @Nullable String segmenter, Set<String> goldAnnotators) {
        List<AnnotationItem> items = new ArrayList<>();
        for (Trace t : traces) {
            int nextSeq = t.nodes().stream().mapToInt(TraceNode::seq).max().orElse(0) + 1;
            List<Attempt> attempts = new ArrayList<>(t.attempts());
            attempts.sort(Comparator.comparingInt(Attempt::seq));
            for (Attempt a : attempts) {
                if (a.text().isBlank() || a.status() == NodeStatus.FAILED) continue;
                String seg = segmenter != null ? segmenter : AttemptSteps.segmenter(t, a);
                List<String> steps = AttemptSteps.texts(t, a, seg);
                if (steps.isEmpty()) continue;
                List<Verification> verdicts = t.nodes(Verification.class)
                        .filter(v -> a.id().equals(v.parent()) && v.role() != VerifierRole.ORACLE)
                        .sorted(Comparator.comparingInt(Verification::seq)).toList();
                List<HumanLabel> labels = t.nodes(HumanLabel.class)
                        .filter(h -> a.id().equals(h.parent()) && h.segmenter().equals(seg))
                        .sorted(Comparator.comparing(HumanLabel::createdAt)).toList();
                Integer gold = labels.stream().filter(h -> goldAnnotators.contains(h.annotator()))
                        .map(HumanLabel::firstErrorStep).reduce((x, y) -> y).orElse(null);
                items.add(new AnnotationItem(t.run(), t.problem(), problemText.apply(t.problem()), a, seg, steps,
                        verdicts, labels, gold, nextSeq));
            }
        }
        return new AnnotationQueue(items);
    }

    public List<AnnotationItem> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public AnnotationItem get(int i) {
        return items.get(i);
    }

    /** Where {@code annotator} left off: the first item without a complete label by them; {@link #size()} when none. */
    public int firstUnlabelled(String annotator) {
        for (int i = 0; i < items.size(); i++) {
            AnnotationItem item = items.get(i);
            boolean done = item.labelBy(annotator).map(l -> LabelDraft.complete(l, item.steps().size())).orElse(false);
            if (!done) return i;
        }
        return items.size();
    }
}
