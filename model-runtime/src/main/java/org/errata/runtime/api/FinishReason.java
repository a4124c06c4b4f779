package org.errata.runtime.api;

/** Why a completion ended. */
public enum FinishReason {
    /** End-of-sequence token or a stop string. */
    STOP,
    /** {@code maxTokens} or the context window ran out. */
    LENGTH,
    /** The caller cancelled between tokens. */
    CANCELLED,
    /** The backend failed; {@link Completion#error()} says why. */
    ERROR;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
