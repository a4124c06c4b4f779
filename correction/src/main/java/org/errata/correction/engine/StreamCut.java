package org.errata.correction.engine;

/**
 * Decides, while a sample streams, where its text should end: the strategy's own stop rule
 * (a "Yes" verdict, the end of a boxed answer). The call is cancelled at the first cut and the
 * text is kept up to it, so no stop string has to be known to the backend.
 */
@FunctionalInterface
public interface StreamCut {

    /** The offset to end {@code text} at, or -1 to keep decoding. */
    int cutAt(CharSequence text);
}
