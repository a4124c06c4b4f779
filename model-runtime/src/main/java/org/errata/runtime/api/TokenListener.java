package org.errata.runtime.api;

/**
 * Receives tokens as they are decoded, on the backend's thread. Implementations must be quick
 * and must not block: hand work to another thread if it is slow.
 */
@FunctionalInterface
public interface TokenListener {

    void onToken(TokenEvent event);

    TokenListener NONE = event -> { };
}
