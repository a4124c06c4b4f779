package org.errata.runtime.api;

/**
 * Where the time of one call went. {@code cachedPromptTokens} were reused from an earlier call
 * with the same prefix and not recomputed.
 */
public record Timings(long prefillNanos, long decodeNanos, int cachedPromptTokens) {

    public static final Timings ZERO = new Timings(0, 0, 0);

    public long totalMillis() {
        return (prefillNanos + decodeNanos) / 1_000_000;
    }
}
