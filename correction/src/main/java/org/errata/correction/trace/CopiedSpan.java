package org.errata.correction.trace;

/**
 * Characters {@code [start, end)} of a node's text that the model produced by accepting a
 * speculative copy draft (CopySpec), and where the copied characters begin in the node's context:
 * {@code source} indexes the node's prompt followed by its text, so a source below the prompt's
 * length lies in the prompt (an earlier turn, or the problem), and one beyond it earlier in the
 * node's own text.
 */
public record CopiedSpan(int start, int end, int source) {

    public CopiedSpan {
        if (start < 0 || end < start || source < 0) {
            throw new IllegalArgumentException("bad copied span [" + start + ", " + end + ") from " + source);
        }
    }
}
