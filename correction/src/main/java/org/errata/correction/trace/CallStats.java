package org.errata.correction.trace;

/** Cost of the model call behind a node. {@code cachedTokensIn} were served from a prefix cache. */
public record CallStats(int tokensIn, int cachedTokensIn, int tokensOut, long latencyMs) {
    public static final CallStats NONE = new CallStats(0, 0, 0, 0);
}
