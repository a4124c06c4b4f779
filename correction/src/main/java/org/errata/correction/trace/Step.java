package org.errata.correction.trace;

/** One step of its parent attempt's text: {@code [start, end)} under segmenter {@code segmenter}. */
public record Step(NodeId id, NodeId parent, int seq, int index, int start, int end, String segmenter)
        implements TraceNode {

    public Step {
        if (index < 0 || start < 0 || end < start) {
            throw new IllegalArgumentException("bad step span " + index + " [" + start + ", " + end + ")");
        }
    }

    public String text(String attemptText) {
        return attemptText.substring(start, Math.min(end, attemptText.length()));
    }
}
