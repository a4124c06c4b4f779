package org.errata.runtime.djl;

import java.util.Arrays;

/**
 * CopySpec's draft source for one sequence: the token ids of its whole context (prompt, then
 * output), a rolling hash of every run of {@code gamma} consecutive tokens, and for each hash the
 * latest place it ended, chained to the places before it (as LZ77 hash chains). {@link #draft}
 * looks up the run the context ends with and proposes the tokens that followed an earlier
 * occurrence: the latest one among those whose match extends furthest back (at most
 * {@link #CANDIDATES} looked at, up to {@link #LOOK_BACK} tokens compared), which matters when
 * tokens are short (a character-level vocabulary repeats every run of three often). The draft length adapts: it grows while
 * whole drafts are accepted and falls back to one past what was accepted when one is not
 * ({@link #accepted}). A sequence whose drafts keep failing outright backs off: after the second
 * draft in a row of which nothing was accepted it proposes none for 1 step, then 2, 4 ... up to
 * {@link #MAX_BACKOFF} steps, until a draft is accepted in part again; so chance matches on text with
 * nothing to copy cost few checks.
 *
 * <p>Per token it does a fixed, small amount of work and allocates nothing: the hash rolls
 * forward by one multiply-add, the latest ends live in an open-addressing table of context
 * positions (no boxed keys), and a context whose last run has not occurred before is answered by
 * one probe of that table with the shared empty draft. Used only on the model thread.
 */
final class CopyDrafter {

    private static final long BASE = 0x9E3779B97F4A7C15L;
    /** Draft length a sequence starts with. */
    static final int INITIAL = 4;
    /** Earlier occurrences of the run compared per draft. */
    static final int CANDIDATES = 8;
    /** Tokens compared backwards to rank the occurrences. */
    static final int LOOK_BACK = 32;
    /** The longest wait, in steps, after drafts that failed outright. */
    static final int MAX_BACKOFF = 16;

    private final int gamma;
    private final boolean backOff;
    private final int maxDraft;
    private final long basePowGamma;
    /** No draft (shared: a step without drafts allocates nothing). */
    static final int[] NONE = new int[0];
    /**
     * The latest end of each run hash: open addressing over context positions, slot value
     * {@code end + 1} (0: empty), the key being {@code hashes[end]}. At most half full.
     */
    private int[] latestEnd = new int[128];
    private int entries;
    private int[] tokens = new int[64];
    /** Per position i >= gamma - 1: the hash of tokens [i - gamma + 1, i]. */
    private long[] hashes = new long[64];
    /** Per position: the previous end of a run with the same hash, or -1. */
    private int[] previous = new int[64];
    private int count;
    private long rolling;
    private int length = INITIAL;
    /** Drafts in a row of which nothing was accepted. */
    private int failures;
    /** Steps left before the next draft may be proposed. */
    private int wait;

    CopyDrafter(int gamma, int maxDraft) {
        this(gamma, maxDraft, true);
    }

    /** With {@code backOff} false every match is proposed (for tests of the checking itself). */
    CopyDrafter(int gamma, int maxDraft, boolean backOff) {
        this.backOff = backOff;
        this.gamma = gamma;
        this.maxDraft = maxDraft;
        long p = 1;
        for (int i = 0; i < gamma; i++) {
            p *= BASE;
        }
        this.basePowGamma = p;
    }

    /** Appends a context token. */
    void append(int token) {
        if (count == tokens.length) {
            tokens = Arrays.copyOf(tokens, count * 2);
            hashes = Arrays.copyOf(hashes, count * 2);
            previous = Arrays.copyOf(previous, count * 2);
        }
        // the run ending just before this token becomes findable: it is no longer the context's end
        if (count >= gamma) {
            previous[count - 1] = putLatest(count - 1);
        }
        tokens[count] = token;
        rolling = rolling * BASE + token + 1;
        if (count >= gamma) {
            rolling -= basePowGamma * (tokens[count - gamma] + 1);
        }
        hashes[count] = rolling;
        count++;
    }

    void appendAll(int[] ids) {
        for (int id : ids) {
            append(id);
        }
    }

    int size() {
        return count;
    }

    /**
     * Up to {@code limit} (and the adaptive length) tokens that followed the latest earlier
     * occurrence of the last {@code gamma} tokens; {@code from[0]} receives the context index of
     * the first and {@code from[1]} how many tokens the match extends back (at most
     * {@link #LOOK_BACK}). Empty when there is none.
     */
    int[] draft(int limit, int[] from) {
        int n = Math.min(limit, length);
        if (wait > 0) {
            wait--;
            return NONE;
        }
        if (count < gamma || n <= 0) {
            return NONE;
        }
        int e = latest(hashes[count - 1]);
        if (e < 0) {
            return NONE;
        }
        int best = -1;
        int bestLength = gamma - 1;
        for (int seen = 0; e >= 0 && seen < CANDIDATES; seen++, e = previous[e]) {
            int len = matchLength(e, count - 1);
            if (len > bestLength) {
                best = e;
                bestLength = len;
            }
        }
        if (best < 0) {
            return NONE;
        }
        int start = best + 1;
        int k = Math.min(n, count - start);
        from[0] = start;
        if (from.length > 1) {
            from[1] = bestLength;
        }
        return Arrays.copyOfRange(tokens, start, start + k);
    }

    private static int slot(long hash, int mask) {
        long h = hash ^ (hash >>> 29);
        return (int) (h ^ (h >>> 32)) & mask;
    }

    /** The latest end of a run with this hash, or -1. */
    private int latest(long hash) {
        int mask = latestEnd.length - 1;
        for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
            int v = latestEnd[i];
            if (v == 0) {
                return -1;
            }
            if (hashes[v - 1] == hash) {
                return v - 1;
            }
        }
    }

    /** Makes {@code end} the latest end of its run's hash; returns the one before, or -1. */
    private int putLatest(int end) {
        if (2 * (entries + 1) > latestEnd.length) {
            int[] old = latestEnd;
            latestEnd = new int[old.length * 2];
            int mask = latestEnd.length - 1;
            for (int v : old) {
                if (v != 0) {
                    int i = slot(hashes[v - 1], mask);
                    while (latestEnd[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    latestEnd[i] = v;
                }
            }
        }
        long hash = hashes[end];
        int mask = latestEnd.length - 1;
        for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
            int v = latestEnd[i];
            if (v == 0) {
                latestEnd[i] = end + 1;
                entries++;
                return -1;
            }
            if (hashes[v - 1] == hash) {
                latestEnd[i] = end + 1;
                return v - 1;
            }
        }
    }

    /** How many tokens the context agrees backwards from {@code a} and {@code b} ({@code a < b}), at most {@link #LOOK_BACK}. */
    private int matchLength(int a, int b) {
        int n = 0;
        while (n < LOOK_BACK && a - n >= 0 && tokens[a - n] == tokens[b - n]) {
            n++;
        }
        return n;
    }

    /** Adapts the draft length and the back-off after {@code accepted} of {@code drafted} were accepted. */
    void accepted(int accepted, int drafted) {
        if (accepted == 0) {
            failures++;
            wait = !backOff || failures < 2 ? 0 : Math.min(MAX_BACKOFF, 1 << Math.min(failures - 2, 30));
        } else {
            failures = 0;
        }
        if (accepted == drafted) {
            length = Math.min(maxDraft, Math.max(length, drafted) * 2);
        } else {
            length = Math.max(1, Math.min(maxDraft, accepted + 1));
        }
    }

    int length() {
        return length;
    }
}
