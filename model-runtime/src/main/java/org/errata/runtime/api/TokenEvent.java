package org.errata.runtime.api;

import org.jspecify.annotations.Nullable;

/**
 * One decoded piece of text for one sample of one request. {@code text} may be empty (a token
 * that only completes a multi-byte character later) and never contains text past a stop string.
 */
public record TokenEvent(int request, int sample, int index, String text, @Nullable TokenLogprob logprob) {}
