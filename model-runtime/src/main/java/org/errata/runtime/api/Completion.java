package org.errata.runtime.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One sample's text, without the stop string that ended it. */
public record Completion(
        int index,
        String text,
        FinishReason finishReason,
        int completionTokens,
        List<TokenLogprob> logprobs,
        @Nullable String error) {

    public Completion {
        logprobs = List.copyOf(logprobs);
    }

    public static Completion failed(int index, String error) {
        return new Completion(index, "", FinishReason.ERROR, 0, List.of(), error);
    }
}
