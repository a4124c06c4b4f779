package org.errata.runtime.djl;

/**
 * Chooses how many tokens per row a decoding step checks: one (the pending token) or one plus a
 * copy draft, whichever promises the most tokens per second. Checking a draft of k tokens costs a
 * wider step, measured here per number of rows and width (a running mean); it yields k accepted
 * tokens at best, and with a row's recent per-token acceptance a, {@code a + a^2 + ... + a^k}
 * expected. So drafts that keep failing (text with nothing to copy) stop being checked, and a wide
 * batch, where a wider step costs nearly its width, checks drafts only when most rows have good ones.
 * Widths not yet measured are estimated from the one-token step so that they get tried.
 *
 * <p>Estimates can be wrong (a noisy machine, a burst of load while a width was measured), so a
 * guard keeps the account: a checking step of width t over R rows that kept A drafted tokens did
 * the work of {@code 1 + A/R} one-token steps, and saved that many one-token steps' time less its
 * own. When the decaying sum of what recent checks saved (each counted as at most
 * {@link #MAX_LOSS} steps lost, so that one step the machine preempted is not taken for a trend)
 * falls below {@link #LOSS_LIMIT} one-token steps, checking pauses ({@link #MIN_PAUSE} steps that
 * had drafts, doubling while the checks after each pause keep losing, up to {@link #MAX_PAUSE}).
 * So where drafts cannot pay (a wide batch, text whose matches fail) CopySpec loses at most a few
 * steps' time per pause, whatever the estimates say. Used only on the model thread.
 */
final class DraftPlanner {

    static final int MAX_WIDTH = 64;
    /** How much more tokens per second checking a draft must promise than a one-token step. */
    static final double MARGIN = 1.1;
    /**
     * With this system property set to true when a model is opened, every draft is checked in full
     * whatever it costs: for tests of the checking itself (sampling distribution, identity).
     */
    static final String CHECK_EVERY_DRAFT = "errata.copyspec.checkEveryDraft";

    private final boolean checkEveryDraft = Boolean.getBoolean(CHECK_EVERY_DRAFT);

    /** Loss, in one-token steps, after which checking pauses. */
    static final double LOSS_LIMIT = 2;
    /** Loss, in one-token steps, one check adds to the account at most. */
    static final double MAX_LOSS = 1.5;
    /** Gain, in one-token steps, the account keeps at most: old gains do not cover new losses for long. */
    static final double GAIN_CAP = 8;
    /** Weight of the account's past per check. */
    static final double DECAY = 0.9;
    static final int MIN_PAUSE = 16;
    static final int MAX_PAUSE = 1024;
    /** What recent checking steps saved (nanoseconds, decaying; negative: lost). */
    private double account;
    /** Steps left in the current pause. */
    private int pause;
    private int nextPause = MIN_PAUSE;
    private long pauses;
    /** Estimated extra cost of each further token per row, relative to a one-token step, by batch size class. */
    private static final double[] PRIOR_SLOPE = {0.1, 0.3, 0.6, 0.9};

    /** Measured step nanoseconds by rows (up to {@link #MAX_ROWS}) and tokens per row. */
    private final double[][] nanos = new double[MAX_ROWS + 1][MAX_WIDTH + 1];
    static final int MAX_ROWS = 64;
    /** Recent drafted and accepted tokens (decaying) by how far back the draft's match reaches. */
    private final double[] drafted = new double[6];
    private final double[] accepted = new double[6];

    private static int matchClass(int matchLength) {
        return matchLength <= 3 ? 0 : matchLength <= 5 ? 1 : matchLength <= 9 ? 2 : matchLength <= 17 ? 3
                : matchLength < CopyDrafter.LOOK_BACK ? 4 : 5;
    }

    /**
     * The per-token acceptance expected of a draft whose match reaches {@code matchLength} tokens
     * back: what recent drafts with such matches achieved (a prior of 1/2 before any). A long match
     * (a whole earlier line) predicts the model will copy; three tokens in common often do not.
     */
    double acceptance(int matchLength) {
        int k = matchClass(matchLength);
        return (accepted[k] + 1) / (drafted[k] + 2);
    }

    /** Records that {@code acceptedTokens} of a draft of {@code draftedTokens} were accepted. */
    void recordDraft(int matchLength, int draftedTokens, int acceptedTokens) {
        int k = matchClass(matchLength);
        drafted[k] = 0.9 * drafted[k] + draftedTokens;
        accepted[k] = 0.9 * accepted[k] + acceptedTokens;
    }

    /**
     * Records that a draft with such a match was not checked: what such drafts achieved slowly
     * fades back towards the prior (in a few hundred drafts), so that they are tried again later.
     */
    void passOver(int matchLength) {
        int k = matchClass(matchLength);
        drafted[k] *= 0.99;
        accepted[k] *= 0.99;
    }

    private static int sizeClass(int rows) {
        return rows == 1 ? 0 : rows <= 4 ? 1 : rows <= 16 ? 2 : 3;
    }

    boolean checksEveryDraft() {
        return checkEveryDraft;
    }

    /** How many times checking has paused (for tests and telemetry). */
    long pauses() {
        return pauses;
    }

    /**
     * Keeps the guard's account after a step of {@code width} > 1 tokens per row over {@code rows}
     * rows that took {@code stepNanos} and kept {@code keptDrafted} drafted tokens in all.
     */
    void recordCheck(int rows, int width, long stepNanos, int keptDrafted) {
        double one = cost(rows, 1);
        if (width <= 1 || one <= 0 || checkEveryDraft) {
            return;
        }
        // one check counts as at most MAX_LOSS steps lost: a step the machine preempted is not a trend
        double saved = Math.max(-MAX_LOSS * one, (1 + (double) keptDrafted / rows) * one - stepNanos);
        account = Math.min(DECAY * account + saved, GAIN_CAP * one);
        if (account < -LOSS_LIMIT * one) {
            pause = nextPause;
            nextPause = Math.min(MAX_PAUSE, nextPause * 2);
            account = 0;
            pauses++;
        } else if (account > LOSS_LIMIT * one) {
            nextPause = MIN_PAUSE; // checks pay again: a later loss pauses briefly first
        }
    }

    /** Records a step of {@code rows} rows and {@code width} tokens per row. */
    void record(int rows, int width, long stepNanos) {
        if (width > MAX_WIDTH) {
            return;
        }
        double[] c = nanos[Math.min(rows, MAX_ROWS)];
        c[width] = c[width] == 0 ? stepNanos : 0.8 * c[width] + 0.2 * stepNanos;
    }

    /** The measured (or estimated) nanoseconds of such a step; 0 when nothing is known yet. */
    double cost(int rows, int width) {
        int k = sizeClass(rows);
        double[] c = nanos[Math.min(rows, MAX_ROWS)];
        if (width <= MAX_WIDTH && c[width] > 0) {
            return c[width];
        }
        return c[1] * (1 + PRIOR_SLOPE[k] * (width - 1));
    }

    /** Expected tokens accepted from a draft of {@code k} at per-token acceptance {@code a}. */
    static double expected(int k, double a) {
        if (a >= 1) {
            return k;
        }
        return a * (1 - Math.pow(a, k)) / (1 - a);
    }

    /**
     * The tokens per row for a step whose rows have drafts of {@code lengths[r]} tokens at recent
     * acceptance {@code acceptance[r]}: the width with the most expected tokens per nanosecond.
     */
    int width(int[] lengths, double[] acceptance) {
        int rows = lengths.length;
        int longest = 0;
        for (int l : lengths) {
            longest = Math.max(longest, l);
        }
        longest = Math.min(longest, MAX_WIDTH - 1);
        if (longest == 0 || checkEveryDraft) {
            return 1 + longest;
        }
        if (pause > 0) {
            pause--;
            return 1;
        }
        if (cost(rows, 1) == 0) {
            return 1; // a one-token step with this many rows is measured first
        }
        int best = 1;
        double bestRate = rows / cost(rows, 1);
        double[] c = nanos[Math.min(rows, MAX_ROWS)];
        for (int t = 2; t <= longest + 1; t++) {
            double tokens = rows;
            for (int r = 0; r < rows; r++) {
                tokens += expected(Math.min(lengths[r], t - 1), acceptance[r]);
            }
            double rate = tokens / cost(rows, t);
            // a wider step must promise MARGIN more: a check also costs bookkeeping the timings miss
            if (rate > bestRate * (best == 1 ? MARGIN : 1)) {
                best = t;
                bestRate = rate;
            }
        }
        // wider widths passed over drift back towards the estimate, so that one slow measurement (a
        // pause, a burst of load) does not keep drafts from being checked in full for good
        double slope = c[1] * PRIOR_SLOPE[sizeClass(rows)];
        for (int t = best + 1; t <= longest + 1; t++) {
            double estimate = c[1] + slope * (t - 1);
            if (c[t] > estimate) {
                c[t] = 0.99 * c[t] + 0.01 * estimate;
            }
        }
        return best;
    }
}
