package org.errata.runtime.fake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.ModelInfo;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.TokenEvent;
import org.errata.runtime.api.TokenListener;
import org.errata.runtime.api.TokenLogprob;
import org.errata.runtime.api.Timings;

/**
 * Replays scripted text. Each sample asks the {@link Responder} for its full output; the model
 * then behaves like a real backend over it: it streams word-sized tokens, honours stop strings
 * (the text ends before the stop string, finish reason STOP), {@code maxTokens} (LENGTH) and
 * cancellation (CANCELLED). A responder that returns {@link #FAIL} makes that call fail.
 * Every prompt it saw is kept, so tests can assert on what a strategy asked.
 */
public final class ScriptedLanguageModel implements LanguageModel {

    /** Returned by a responder to simulate a failed backend call. */
    public static final String FAIL = "\u0000FAIL\u0000";

    private static final Pattern TOKEN = Pattern.compile("\\s*\\S+|\\s+");

    /** Produces the full output of one sample. */
    @FunctionalInterface
    public interface Responder {
        String respond(String renderedPrompt, GenerationRequest request, int sample);
    }

    private final Responder responder;
    private final List<String> prompts = new ArrayList<>();
    private final String id;
    private volatile int cancelAfterTokens = -1;

    public ScriptedLanguageModel(String id, Responder responder) {
        this.id = Objects.requireNonNull(id);
        this.responder = Objects.requireNonNull(responder);
    }

    /** Replays the outputs in order, one per sample, across all calls; fails when they run out. */
    public static ScriptedLanguageModel replaying(String... outputs) {
        Deque<String> queue = new ArrayDeque<>(List.of(outputs));
        return new ScriptedLanguageModel("scripted", (prompt, request, sample) -> {
            synchronized (queue) {
                if (queue.isEmpty()) {
                    throw new IllegalStateException("the script ran out of outputs at prompt: " + prompt);
                }
                return queue.removeFirst();
            }
        });
    }

    /** Cancels the caller's {@link Cancellation} after this many streamed tokens (for tests). */
    public void cancelAfterTokens(int tokens) {
        this.cancelAfterTokens = tokens;
    }

    /** The rendered prompts this model was asked, in order. */
    public synchronized List<String> prompts() {
        return List.copyOf(prompts);
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo(id, "scripted", "script", null, 1 << 20, "cpu", "0");
    }

    @Override
    public String render(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Raw raw -> raw.text();
            case Prompt.Chat chat -> {
                StringBuilder out = new StringBuilder();
                List<ChatMessage> messages = chat.messages();
                for (int i = 0; i < messages.size(); i++) {
                    ChatMessage m = messages.get(i);
                    boolean open = chat.continueLastAssistant() && i == messages.size() - 1;
                    out.append('<').append(m.role().wireName()).append(">\n").append(m.content());
                    if (!open) {
                        out.append("\n</").append(m.role().wireName()).append(">\n");
                    }
                }
                if (!chat.continueLastAssistant()) {
                    out.append("<assistant>\n");
                }
                yield out.toString();
            }
        };
    }

    @Override
    public GenerationResult generate(GenerationRequest request, TokenListener listener, Cancellation cancellation)
            throws ModelException {
        String rendered = render(request.prompt());
        synchronized (this) {
            prompts.add(rendered);
        }
        List<Completion> completions = new ArrayList<>();
        for (int sample = 0; sample < request.n(); sample++) {
            String script = responder.respond(rendered, request, sample);
            if (FAIL.equals(script)) {
                completions.add(Completion.failed(sample, "scripted failure"));
                continue;
            }
            completions.add(stream(script, request, sample, listener, cancellation));
        }
        return new GenerationResult(completions, countTokens(rendered), new Timings(1_000, 1_000, 0));
    }

    private Completion stream(String script, GenerationRequest request, int sample, TokenListener listener,
                              Cancellation cancellation) {
        StringBuilder text = new StringBuilder();
        List<TokenLogprob> logprobs = new ArrayList<>();
        Matcher m = TOKEN.matcher(script);
        int tokens = 0;
        FinishReason reason = FinishReason.STOP;
        while (m.find()) {
            if (cancellation.isCancelled()) {
                reason = FinishReason.CANCELLED;
                break;
            }
            if (tokens == request.maxTokens()) {
                reason = FinishReason.LENGTH;
                break;
            }
            String piece = m.group();
            int before = text.length();
            text.append(piece);
            tokens++;
            int stopAt = firstStop(text, request.stop(), before);
            String emitted = stopAt >= 0 ? text.substring(before, Math.max(before, stopAt)) : piece;
            TokenLogprob lp = request.wantsLogprobs() ? new TokenLogprob(piece, -0.1, List.of()) : null;
            if (lp != null) logprobs.add(lp);
            listener.onToken(new TokenEvent(0, sample, tokens - 1, emitted, lp));
            if (stopAt >= 0) {
                text.setLength(stopAt);
                reason = FinishReason.STOP;
                break;
            }
            if (cancelAfterTokens >= 0 && tokens >= cancelAfterTokens) {
                cancellation.cancel();
            }
        }
        return new Completion(sample, text.toString(), reason, tokens, logprobs, null);
    }

    /** Index of the earliest stop string that ends inside the newest piece, or -1. */
    private static int firstStop(CharSequence text, List<String> stops, int newFrom) {
        int best = -1;
        String s = text.toString();
        for (String stop : stops) {
            int from = Math.max(0, newFrom - stop.length() + 1);
            int at = s.indexOf(stop, from);
            if (at >= 0 && (best < 0 || at < best)) best = at;
        }
        return best;
    }

    @Override
    public int countTokens(String text) {
        Matcher m = TOKEN.matcher(text);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Override
    public void close() {
    }
}
