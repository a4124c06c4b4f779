package org.errata.runtime.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.TokenEvent;
import org.errata.runtime.api.TokenListener;
import org.errata.runtime.api.TokenLogprob;
import org.jspecify.annotations.Nullable;

/**
 * Folds the streamed chunks of one request into its {@code n} completions, forwarding each text
 * delta to the listener as it arrives. Understands both endpoints' chunk shapes: chat
 * ({@code choices[].delta.content}, {@code logprobs.content[]}) and completions
 * ({@code choices[].text}, {@code logprobs.tokens / token_logprobs / top_logprobs}). Not thread-safe:
 * one accumulator per response stream.
 */
final class StreamAccumulator {

    private final int request;
    private final TokenListener listener;
    private final Choice[] choices;
    private final int maxTokens;
    private final UnaryOperator<String> scrub;
    private boolean budgetCut;
    private int promptTokens = -1;
    private int usageCompletionTokens = -1;
    private boolean done;
    private boolean anyToken;
    private @Nullable String serverError;

    StreamAccumulator(int request, int n, TokenListener listener) {
        this(request, n, Integer.MAX_VALUE, listener, UnaryOperator.identity());
    }

    /**
     * {@code maxTokens}: the request's budget per choice, enforced here too (a choice that reaches
     * it ends as LENGTH and takes no more text) for servers that ignore {@code max_tokens};
     * {@code scrub} is applied to every delta passed on.
     */
    StreamAccumulator(int request, int n, int maxTokens, TokenListener listener, UnaryOperator<String> scrub) {
        this.request = request;
        this.listener = listener;
        this.maxTokens = maxTokens;
        this.scrub = scrub;
        this.choices = new Choice[n];
        for (int i = 0; i < n; i++) choices[i] = new Choice();
    }

    private static final class Choice {
        final StringBuilder text = new StringBuilder();
        final List<TokenLogprob> logprobs = new ArrayList<>();
        int events;
        int tokens;
        boolean budgetCut;
        @Nullable FinishReason finish;
    }

    /** Takes one SSE {@code data:} payload. */
    void accept(JsonNode chunk) {
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            serverError = OpenAiLanguageModel.errorMessage(error);
            return;
        }
        JsonNode usage = chunk.get("usage");
        if (usage != null && usage.isObject()) {
            if (usage.has("prompt_tokens")) promptTokens = usage.get("prompt_tokens").asInt();
            if (usage.has("completion_tokens")) usageCompletionTokens = usage.get("completion_tokens").asInt();
        }
        JsonNode list = chunk.get("choices");
        if (list == null || !list.isArray()) return;
        for (JsonNode c : list) {
            int index = c.path("index").asInt(0);
            if (index < 0 || index >= choices.length) continue;
            acceptChoice(index, c);
        }
    }

    private void acceptChoice(int index, JsonNode c) {
        Choice choice = choices[index];
        if (choice.budgetCut) return; // ended here at its budget: whatever the server goes on sending is dropped
        String delta = c.has("delta") ? c.path("delta").path("content").asText("")
                : c.has("message") ? c.path("message").path("content").asText("") // a server that ignored stream=true
                : c.path("text").asText("");
        List<TokenLogprob> lps = logprobs(c.get("logprobs"));
        choice.logprobs.addAll(lps);
        if (!delta.isEmpty() || !lps.isEmpty()) {
            choice.text.append(delta);
            choice.tokens += lps.isEmpty() ? 1 : lps.size();
            anyToken = true;
            TokenLogprob lp = lps.size() == 1 ? lps.get(0) : null;
            listener.onToken(new TokenEvent(request, index, choice.events++, scrub.apply(delta), lp));
        }
        JsonNode finish = c.get("finish_reason");
        if (finish != null && !finish.isNull()) {
            choice.finish = switch (finish.asText()) {
                case "length" -> FinishReason.LENGTH;
                case "abort", "error" -> FinishReason.ERROR;
                default -> FinishReason.STOP;
            };
        }
        if (choice.finish == null && choice.tokens >= maxTokens) {
            choice.finish = FinishReason.LENGTH;
            choice.budgetCut = true;
            budgetCut = true;
        }
    }

    /** Whether a choice was ended here at its token budget (the server did not end it in time). */
    boolean budgetCut() {
        return budgetCut;
    }

    private static List<TokenLogprob> logprobs(@Nullable JsonNode node) {
        if (node == null || node.isNull()) return List.of();
        List<TokenLogprob> out = new ArrayList<>();
        JsonNode content = node.get("content");
        if (content != null && content.isArray()) { // chat shape
            for (JsonNode e : content) {
                List<TokenLogprob.Alternative> top = new ArrayList<>();
                for (JsonNode t : e.path("top_logprobs")) {
                    top.add(new TokenLogprob.Alternative(t.path("token").asText(), t.path("logprob").asDouble()));
                }
                out.add(new TokenLogprob(e.path("token").asText(), e.path("logprob").asDouble(), top));
            }
            return out;
        }
        JsonNode tokens = node.get("tokens");
        if (tokens != null && tokens.isArray()) { // completions shape
            JsonNode values = node.path("token_logprobs");
            JsonNode tops = node.path("top_logprobs");
            for (int i = 0; i < tokens.size(); i++) {
                List<TokenLogprob.Alternative> top = new ArrayList<>();
                JsonNode alt = tops.path(i);
                if (alt.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = alt.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> f = it.next();
                        top.add(new TokenLogprob.Alternative(f.getKey(), f.getValue().asDouble()));
                    }
                }
                JsonNode v = values.path(i);
                out.add(new TokenLogprob(tokens.get(i).asText(), v.isNumber() ? v.asDouble() : Double.NaN, top));
            }
        }
        return out;
    }

    void markDone() {
        done = true;
    }

    boolean isDone() {
        return done;
    }

    boolean anyToken() {
        return anyToken;
    }

    @Nullable String serverError() {
        return serverError;
    }

    int promptTokens() {
        return promptTokens;
    }

    /**
     * The completions so far. Choices that never finished end as {@code unfinished} with
     * {@code error} attached (null for CANCELLED); the partial text is kept.
     */
    List<Completion> completions(FinishReason unfinished, @Nullable String error) {
        List<Completion> out = new ArrayList<>(choices.length);
        for (int i = 0; i < choices.length; i++) {
            Choice c = choices[i];
            int tokens = choices.length == 1 && usageCompletionTokens >= 0 ? usageCompletionTokens : c.tokens;
            if (c.finish != null && serverError == null) {
                out.add(new Completion(i, c.text.toString(), c.finish, tokens, c.logprobs,
                        c.finish == FinishReason.ERROR ? "the server aborted this completion" : null));
            } else {
                String why = serverError != null ? "server error mid-stream: " + serverError : error;
                FinishReason reason = serverError != null ? FinishReason.ERROR : unfinished;
                out.add(new Completion(i, c.text.toString(), reason, tokens, c.logprobs, why));
            }
        }
        return out;
    }

    boolean allFinished() {
        for (Choice c : choices) if (c.finish == null) return false;
        return true;
    }
}
