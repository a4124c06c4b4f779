package org.errata.runtime.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A language model a self-correction loop can drive. Implementations are thread-safe: calls
 * from several threads are queued or batched by the backend. A call returns when every sample
 * has finished; tokens stream to the listener meanwhile.
 */
public interface LanguageModel extends AutoCloseable {

    ModelInfo info();

    /** Runs one request. Failures of the call itself come back as {@link FinishReason#ERROR}. */
    GenerationResult generate(GenerationRequest request, TokenListener listener, Cancellation cancellation)
            throws ModelException;

    default GenerationResult generate(GenerationRequest request) throws ModelException {
        return generate(request, TokenListener.NONE, Cancellation.none());
    }

    /**
     * Runs independent requests together, decoded in one batch where the backend can; the
     * listener's events carry the request's index in the list. Results come in request order.
     * This default runs them one after another.
     */
    default List<GenerationResult> generateBatch(
            List<GenerationRequest> requests, TokenListener listener, Cancellation cancellation)
            throws ModelException {
        List<GenerationResult> results = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            int request = i;
            results.add(generate(requests.get(i),
                    e -> listener.onToken(new TokenEvent(request, e.sample(), e.index(), e.text(), e.logprob())),
                    cancellation));
        }
        return results;
    }

    /** The prompt text a chat prompt becomes for this model (its chat template), for display and storage. */
    String render(Prompt prompt) throws ModelException;

    /** Counts the tokens of a text the way this model would; -1 if the backend cannot tell. */
    default int countTokens(String text) {
        return -1;
    }

    @Override
    void close();
}
