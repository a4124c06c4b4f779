package org.errata.runtime.api;

/**
 * What speculative copy decoding did in one call: tokens proposed by copying ({@code drafted}),
 * of which the model confirmed {@code accepted} and refused {@code rejected} (the rest of a draft
 * after a refusal is not checked and counts as rejected), the decoding steps that had a draft
 * ({@code hits}), and the decode time saved, estimated as the one-token steps the accepted tokens
 * did not need minus the extra time of the steps that checked drafts.
 */
public record CopyStats(int drafted, int accepted, int rejected, int hits, long savedNanos) {

    public static final CopyStats NONE = new CopyStats(0, 0, 0, 0, 0);

    public CopyStats plus(CopyStats o) {
        return new CopyStats(drafted + o.drafted, accepted + o.accepted, rejected + o.rejected, hits + o.hits,
                savedNanos + o.savedNanos);
    }

    /** Accepted over drafted, 0 when nothing was drafted. */
    public double acceptanceRate() {
        return drafted == 0 ? 0 : (double) accepted / drafted;
    }
}
