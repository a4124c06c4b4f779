package org.errata.runtime.api;

/**
 * Speculative copy decoding (CopySpec) for the embedded backend: after every token the decoder
 * looks for the last {@code gamma} tokens earlier in the context (prompt or output) and, when it
 * finds them, proposes the tokens that followed as a draft of at most {@code maxDraft} tokens,
 * which one forward pass of the model checks. The output is the same with it on or off (greedy:
 * token for token; sampling: the same distribution, and for a fixed seed the same tokens); only
 * the speed differs.
 */
public record CopySpec(boolean enabled, int gamma, int maxDraft) {

    public static final int DEFAULT_GAMMA = 3;
    public static final int DEFAULT_MAX_DRAFT = 32;

    public CopySpec {
        if (gamma < 1) throw new IllegalArgumentException("copyspec gamma must be >= 1: " + gamma);
        if (maxDraft < 1) throw new IllegalArgumentException("copyspec draft length must be >= 1: " + maxDraft);
    }

    public static CopySpec on() {
        return new CopySpec(true, DEFAULT_GAMMA, DEFAULT_MAX_DRAFT);
    }

    public static CopySpec off() {
        return new CopySpec(false, DEFAULT_GAMMA, DEFAULT_MAX_DRAFT);
    }

    public CopySpec withEnabled(boolean e) { return new CopySpec(e, gamma, maxDraft); }
    public CopySpec withGamma(int g) { return new CopySpec(enabled, g, maxDraft); }
    public CopySpec withMaxDraft(int m) { return new CopySpec(enabled, gamma, m); }
}
