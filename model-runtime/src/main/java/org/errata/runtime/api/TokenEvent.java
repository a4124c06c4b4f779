package org.errata.runtime.api;

import org.jspecify.annotations.Nullable;

/**
 * One decoded piece of text for one sample of one request. {@code text} may be empty (a token
 * that only completes a multi-byte character later) and never contains text past a stop string.
 * {@code copiedFrom} is set when the token was accepted from a copy draft ({@link CopySpec}).
 */
public record TokenEvent(int request, int sample, int index, String text, @Nullable TokenLogprob logprob,
        @Nullable CopySource copiedFrom) {

    public TokenEvent(int request, int sample, int index, String text, @Nullable TokenLogprob logprob) {
        this(request, sample, index, text, logprob, null);
    }
}
