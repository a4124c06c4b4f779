package org.errata.correction.engine;

/**
 * The seam between a strategy and the models: one call, streamed as token deltas to the run's
 * listener, limited to {@code maxTokens}, cancellable. A failed call does not throw: its samples
 * come back with {@link org.errata.runtime.api.FinishReason#ERROR}.
 */
public interface ModelCalls {

    Generation generate(CallSpec spec, int maxTokens);
}
