package org.errata.correction.trace;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What speculative copy decoding (CopySpec) did in the call behind a node: tokens drafted by
 * copying from the context, of which the model accepted {@code accepted} (the rest were rejected),
 * the decoding steps that checked a draft ({@code hits}), the decode time it saved (an estimate)
 * and the node's {@link CopiedSpan}s. {@link #NONE} when it was off or the backend has none.
 */
public record Copying(int drafted, int accepted, int hits, long savedMs, List<CopiedSpan> spans) {

    public static final Copying NONE = new Copying(0, 0, 0, 0, List.of());

    public Copying {
        spans = spans == null ? List.of() : List.copyOf(spans);
    }

    /** Never null: older stored nodes have no copying record. */
    public static Copying orNone(@Nullable Copying c) {
        return c == null ? NONE : c;
    }

    public int rejected() {
        return drafted - accepted;
    }

    /** Accepted over drafted, 0 when nothing was drafted. */
    public double acceptanceRate() {
        return drafted == 0 ? 0 : (double) accepted / drafted;
    }

    /** Characters of the node's text covered by its copied spans. */
    public int copiedChars() {
        return spans.stream().mapToInt(s -> s.end() - s.start()).sum();
    }

    public Copying withSpans(List<CopiedSpan> s) {
        return new Copying(drafted, accepted, hits, savedMs, s);
    }
}
