package org.errata.runtime.api;

/**
 * Where a token accepted from a copy draft was copied from: the prompt (at token
 * {@code tokenOffset}, starting at character {@code charOffset} of the rendered prompt) or the same
 * completion's earlier output (its token index and character offset in the completion's text).
 */
public record CopySource(Origin origin, int tokenOffset, int charOffset) {

    public enum Origin { PROMPT, OUTPUT }

    public CopySource {
        java.util.Objects.requireNonNull(origin, "origin");
        if (tokenOffset < 0 || charOffset < 0) throw new IllegalArgumentException("negative offset");
    }
}
