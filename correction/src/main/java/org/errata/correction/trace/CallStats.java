package org.errata.correction.trace;

import org.jspecify.annotations.Nullable;

/**
 * Cost of the model call behind a node. {@code cachedTokensIn} were served from a prefix cache;
 * {@code decodeMs} is the part of {@code latencyMs} spent decoding (0 when the backend does not
 * say); {@code copying} is what speculative copy decoding did.
 */
public record CallStats(int tokensIn, int cachedTokensIn, int tokensOut, long latencyMs, long decodeMs,
                        Copying copying) {

    public static final CallStats NONE = new CallStats(0, 0, 0, 0);

    public CallStats {
        copying = Copying.orNone(copying);
    }

    public CallStats(int tokensIn, int cachedTokensIn, int tokensOut, long latencyMs) {
        this(tokensIn, cachedTokensIn, tokensOut, latencyMs, 0, Copying.NONE);
    }

    public CallStats withCopying(@Nullable Copying c) {
        return new CallStats(tokensIn, cachedTokensIn, tokensOut, latencyMs, decodeMs, c);
    }

    /** Whether a model call stands behind these stats (a node cut from a call's text may carry only copied spans). */
    public boolean isCall() {
        return tokensIn > 0 || tokensOut > 0 || latencyMs > 0;
    }

    /** Decoded tokens per second (the first token comes from the prefill); 0 when unknown. */
    public double decodeTokensPerSecond() {
        return decodeMs <= 0 || tokensOut < 2 ? 0 : (tokensOut - 1) * 1000.0 / decodeMs;
    }
}
