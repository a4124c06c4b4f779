package org.errata.correction.trace;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A person's label of the parent attempt under segmenter {@code segmenter}: the first wrong
 * step (0-based, -1 = all correct, the ProcessBench shape) and per-step ratings -1/0/+1 (the
 * PRM800K shape; may stop at the first error). {@code source} keeps what the label's source
 * format says that has no field here (PRM800K's generation, quality-control and screening flags,
 * which chosen steps a person wrote), so that exporting the label gives it back; empty for
 * labels made in Errata.
 */
public record HumanLabel(
        NodeId id,
        NodeId parent,
        int seq,
        String annotator,
        String segmenter,
        int firstErrorStep,
        List<Integer> stepRatings,
        @Nullable String errorType,
        @Nullable Integer confidence,
        boolean badProblem,
        @Nullable String note,
        long timeMs,
        Instant createdAt,
        java.util.Map<String, Object> source) implements TraceNode {

    /** A label with nothing kept from a source format. */
    public HumanLabel(NodeId id, NodeId parent, int seq, String annotator, String segmenter, int firstErrorStep,
                      List<Integer> stepRatings, @Nullable String errorType, @Nullable Integer confidence,
                      boolean badProblem, @Nullable String note, long timeMs, Instant createdAt) {
        this(id, parent, seq, annotator, segmenter, firstErrorStep, stepRatings, errorType, confidence, badProblem, note,
                timeMs, createdAt, java.util.Map.of());
    }

    public HumanLabel {
        source = source == null || source.isEmpty() ? java.util.Map.of() : OrderedMaps.copyOf(source);
        stepRatings = List.copyOf(stepRatings);
        if (firstErrorStep < -1) throw new IllegalArgumentException("first error step " + firstErrorStep);
        for (int r : stepRatings) {
            if (r < -1 || r > 1) throw new IllegalArgumentException("step rating " + r + " not in -1..1");
        }
        if (confidence != null && (confidence < 1 || confidence > 5)) {
            throw new IllegalArgumentException("confidence " + confidence + " not in 1..5");
        }
    }

    /** PRM800K's finish reason of a labeller who stopped without judging the whole solution. */
    public static final String GAVE_UP = "give_up";

    /** The {@code source} key that marks the rating of an alternative completion of one step (PRM800K), not a pass over a solution. */
    public static final String ALTERNATIVE_STEP = "step";

    /** Whether this is an alternative completion's rating rather than a judgement of the whole solution. */
    public boolean alternative() {
        return source.containsKey(ALTERNATIVE_STEP);
    }

    /**
     * What the label says, in words: "first error at step 2", "all steps correct", "gave up at
     * step 3 (no error found)", "bad problem". A give-up or a bad problem is not "all correct".
     */
    public String verdictText() {
        if (firstErrorStep >= 0) return "first error at step " + (firstErrorStep + 1);
        if (badProblem) return "bad problem";
        if (GAVE_UP.equals(note)) return "gave up" + (stepRatings.isEmpty() ? "" : " at step " + stepRatings.size()) + " (no error found)";
        return "all steps correct";
    }
}
