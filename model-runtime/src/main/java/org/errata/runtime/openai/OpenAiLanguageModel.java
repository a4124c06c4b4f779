package org.errata.runtime.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.ModelInfo;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.Timings;
import org.errata.runtime.api.TokenListener;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LanguageModel} served by an OpenAI-compatible HTTP server. Chat prompts go to
 * {@code /chat/completions} (the server applies its chat template), raw prompts to
 * {@code /completions}; both stream over SSE. {@code n}, stop strings, seed and log-probabilities
 * are passed to the server.
 *
 * <p>Failures: connect errors, 429 and 5xx are retried with exponential backoff as long as no
 * token has arrived; other HTTP errors, and retries used up, throw a {@link ModelException}
 * naming the status and the server's message. A stream that breaks after its first token ends
 * its unfinished completions as {@link FinishReason#ERROR} with the partial text kept. A stream
 * with no data for {@code readTimeout} is treated the same. Cancellation closes the stream.
 *
 * <p>Bounds, whatever the server does: a choice ends as {@link FinishReason#LENGTH} once it has
 * streamed {@code maxTokens} tokens (one per chunk, or per log-probability entry) and the stream is
 * closed when every choice has ended so, for servers that ignore {@code max_tokens}; one call ends
 * with an error after {@link OpenAiConfig#callDeadline()}; one response may take at most
 * {@link #maxResponseBytes} bytes and no line over {@value #MAX_LINE_BYTES} bytes.
 *
 * <p>The API key is sent only as {@code Authorization: Bearer}; it is scrubbed (replaced with
 * {@link OpenAiConfig#KEY_MASK}) from every message this class produces and from the generated
 * text, so a server that echoes it back cannot get it stored. Thread-safe: one immutable {@link HttpClient} serves all calls.
 */
public final class OpenAiLanguageModel implements LanguageModel {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final long WATCH_PERIOD_MS = 25;
    private static final int MAX_ERROR_CHARS = 600;
    /** The longest line of a response accepted (one SSE event, or one JSON body line). */
    static final int MAX_LINE_BYTES = 1 << 20;
    /** Bytes one response may take per requested token: generous for chunk framing, model names and ids. */
    static final int BYTES_PER_TOKEN = 1024;
    /** And per token per requested log-probability alternative. */
    static final int BYTES_PER_ALTERNATIVE = 256;

    private final OpenAiConfig config;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();
    private final WireRequests wire = new WireRequests(json);
    private final ScheduledExecutorService watchdog;

    private OpenAiLanguageModel(OpenAiConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "openai-stream-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Asks the server which models it serves ({@code GET /models}) and returns the first id,
     * for a spec that names no model.
     *
     * @throws ModelLoadException naming the address when the server does not answer or lists none
     */
    public static String firstServedModel(OpenAiConfig config) throws ModelLoadException {
        URI uri = config.endpoint("/models");
        HttpRequest.Builder http = HttpRequest.newBuilder(uri).timeout(config.readTimeout()).GET();
        if (config.apiKey() != null) {
            http.header("Authorization", "Bearer " + config.apiKey());
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        try {
            HttpResponse<String> response = client.send(http.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new ModelLoadException("the server at " + uri + " answered HTTP " + response.statusCode()
                        + " when asked for its models; name one as URL#model");
            }
            JsonNode data = new ObjectMapper().readTree(response.body()).path("data");
            if (!data.isArray() || data.isEmpty() || !data.get(0).hasNonNull("id")) {
                throw new ModelLoadException("the server at " + uri + " lists no models; name one as URL#model");
            }
            return data.get(0).get("id").asText();
        } catch (IOException e) {
            throw new ModelLoadException("no OpenAI-compatible server answers at " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelLoadException("interrupted while asking " + uri + " for its models", e);
        }
    }

    /** Makes a client; nothing is sent until the first call. */
    public static OpenAiLanguageModel open(OpenAiConfig config) {
        return new OpenAiLanguageModel(config);
    }

    public OpenAiConfig config() {
        return config;
    }

    @Override
    public ModelInfo info() {
        return new ModelInfo(config.model() + "@" + config.authority(), "openai", "remote", null, 0,
                "remote", "openai-compatible");
    }

    /** A readable transcript: the server applies the model's real chat template, which the client cannot see. */
    @Override
    public String render(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Raw raw -> raw.text();
            case Prompt.Chat chat -> {
                StringBuilder out = new StringBuilder();
                for (ChatMessage m : chat.messages()) {
                    out.append(m.role().wireName()).append(": ").append(m.content()).append("\n\n");
                }
                if (!chat.continueLastAssistant()) out.append("assistant: ");
                else out.setLength(out.length() - 2);
                yield out.toString();
            }
        };
    }

    @Override
    public GenerationResult generate(GenerationRequest request, TokenListener listener, Cancellation cancellation)
            throws ModelException {
        return generate(request, listener, cancellation, 0);
    }

    /** Runs the requests concurrently, at most {@link OpenAiConfig#maxConcurrent()} in flight. */
    @Override
    public List<GenerationResult> generateBatch(List<GenerationRequest> requests, TokenListener listener,
                                                Cancellation cancellation) throws ModelException {
        ReentrantLock lock = new ReentrantLock();
        TokenListener serial = event -> {
            lock.lock();
            try {
                listener.onToken(event);
            } finally {
                lock.unlock();
            }
        };
        Semaphore inFlight = new Semaphore(config.maxConcurrent());
        List<Future<GenerationResult>> futures = new ArrayList<>(requests.size());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests.size(); i++) {
                int index = i;
                GenerationRequest r = requests.get(i);
                futures.add(pool.submit(() -> {
                    inFlight.acquire();
                    try {
                        return generate(r, serial, cancellation, index);
                    } finally {
                        inFlight.release();
                    }
                }));
            }
        }
        List<GenerationResult> results = new ArrayList<>(requests.size());
        for (Future<GenerationResult> f : futures) {
            try {
                results.add(f.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof ModelException me) throw me;
                throw new ModelException("batch request failed: " + scrub(String.valueOf(e.getCause())), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ModelException("interrupted while waiting for the batch");
            }
        }
        return results;
    }

    private GenerationResult generate(GenerationRequest request, TokenListener listener, Cancellation cancellation,
                                      int requestIndex) throws ModelException {
        String path = WireRequests.pathFor(request.prompt(), config.endpoints());
        URI endpoint = config.endpoint(path);
        byte[] body;
        try {
            body = json.writeValueAsBytes(wire.body(config.model(), request, path));
        } catch (JsonProcessingException e) {
            throw new ModelException("cannot encode the request: " + e.getOriginalMessage(), e);
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .timeout(config.readTimeout())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (config.apiKey() != null) {
            http.header("Authorization", "Bearer " + config.apiKey());
        }
        HttpRequest httpRequest = http.build();
        long deadline = System.nanoTime() + config.callDeadline().toNanos();

        for (int attempt = 0; ; attempt++) {
            if (cancellation.isCancelled()) {
                return cancelled(request.n(), requestIndex, listener);
            }
            if (System.nanoTime() - deadline >= 0) throw new ModelException(deadlineMessage());
            boolean canRetry = attempt < config.maxRetries();
            long start = System.nanoTime();
            HttpResponse<InputStream> response;
            try {
                response = send(httpRequest, cancellation, deadline);
            } catch (CancellationException e) {
                if (!cancellation.isCancelled()) throw new ModelException(deadlineMessage());
                return cancelled(request.n(), requestIndex, listener);
            } catch (IOException e) {
                if (canRetry) {
                    backoff(attempt, null, cancellation);
                    continue;
                }
                throw new ModelException("cannot reach the OpenAI-compatible server at " + config.authority()
                        + " after " + (attempt + 1) + " attempt(s): " + scrub(describe(e)), e);
            }
            int status = response.statusCode();
            if (status >= 400) {
                String message = errorBody(response);
                if ((status == 429 || status >= 500) && canRetry) {
                    backoff(attempt, response.headers().firstValue("Retry-After").orElse(null), cancellation);
                    continue;
                }
                throw new ModelException("HTTP " + status + " from " + endpoint + ": " + message
                        + (attempt > 0 ? " (after " + (attempt + 1) + " attempts)" : ""));
            }
            StreamAccumulator acc = new StreamAccumulator(requestIndex, request.n(), request.maxTokens(), listener,
                    this::scrub);
            StreamOutcome outcome = read(response, acc, cancellation, deadline, maxResponseBytes(request));
            long end = System.nanoTime();
            if (outcome.failure() != null && outcome.retryable() && !acc.anyToken() && !outcome.cancelled() && canRetry) {
                backoff(attempt, null, cancellation);
                continue; // nothing was streamed yet: the caller cannot tell a retry happened
            }
            long firstToken = outcome.firstTokenNanos() > 0 ? outcome.firstTokenNanos() : end;
            Timings timings = new Timings(firstToken - start, end - firstToken, 0);
            List<Completion> completions;
            if (outcome.cancelled()) {
                completions = acc.completions(FinishReason.CANCELLED, null);
            } else if (outcome.failure() != null) {
                completions = acc.completions(FinishReason.ERROR, outcome.failure());
            } else {
                completions = acc.completions(FinishReason.ERROR,
                        "the stream from " + config.authority() + " ended without a finish reason");
            }
            return new GenerationResult(completions.stream().map(this::scrub).toList(), acc.promptTokens(), timings);
        }
    }

    /** How a stream ended; {@code retryable} is false for the limits, which a retry would only hit again. */
    private record StreamOutcome(boolean cancelled, @Nullable String failure, long firstTokenNanos, boolean retryable) {}

    /** The most bytes one response to {@code request} may take (see {@link #BYTES_PER_TOKEN}). */
    static long maxResponseBytes(GenerationRequest request) {
        long perToken = BYTES_PER_TOKEN + (long) BYTES_PER_ALTERNATIVE * Math.max(0, request.topLogprobs());
        return MAX_LINE_BYTES + (long) request.maxTokens() * request.n() * perToken;
    }

    private String deadlineMessage() {
        return "the call to " + config.authority() + " took longer than its limit of "
                + config.callDeadline().toSeconds() + " s (set " + OpenAiConfig.CALL_DEADLINE_VARIABLE
                + " to change it)";
    }

    /**
     * Reads SSE {@code data:} lines until {@code [DONE]}, end of stream, every choice at its token
     * budget, cancellation, a read timeout, the call's deadline or a size limit.
     */
    private StreamOutcome read(HttpResponse<InputStream> response, StreamAccumulator acc, Cancellation cancellation,
                               long deadline, long maxBytes) {
        InputStream in = response.body();
        AtomicLong lastData = new AtomicLong(System.nanoTime());
        long timeoutNanos = config.readTimeout().toNanos();
        var why = new Object() {
            volatile boolean cancelled;
            volatile boolean timedOut;
            volatile boolean pastDeadline;
        };
        ScheduledFuture<?> watch = watchdog.scheduleAtFixedRate(() -> {
            boolean stop = false;
            long now = System.nanoTime();
            if (cancellation.isCancelled()) {
                why.cancelled = true;
                stop = true;
            } else if (now - deadline >= 0) {
                why.pastDeadline = true;
                stop = true;
            } else if (now - lastData.get() > timeoutNanos) {
                why.timedOut = true;
                stop = true;
            }
            if (stop) closeQuietly(in);
        }, WATCH_PERIOD_MS, WATCH_PERIOD_MS, TimeUnit.MILLISECONDS);

        boolean eventStream = response.headers().firstValue("Content-Type").orElse("").contains("text/event-stream");
        long firstToken = 0;
        String failure = null;
        boolean retryable = true;
        try (InputStream body = in) {
            BoundedLines reader = new BoundedLines(body, MAX_LINE_BYTES, maxBytes);
            if (!eventStream) {
                acc.accept(json.readTree(reader.readAll()));
                acc.markDone();
                firstToken = System.nanoTime();
            } else {
                String line;
                while (!acc.isDone() && (line = reader.readLine()) != null) {
                    lastData.set(System.nanoTime());
                    if (!line.startsWith("data:")) continue; // blank separators, comments, event names
                    String data = line.substring(5).strip();
                    if (data.equals("[DONE]")) {
                        acc.markDone();
                        break;
                    }
                    if (data.isEmpty()) continue;
                    acc.accept(json.readTree(data));
                    if (firstToken == 0 && acc.anyToken()) firstToken = System.nanoTime();
                    if (acc.serverError() != null) break;
                    if (acc.budgetCut() && acc.allFinished()) break; // the server ignores max_tokens: stop reading
                }
            }
        } catch (BoundedLines.TooLarge e) {
            failure = scrub(e.getMessage()) + " (from " + config.authority() + ")";
            retryable = false;
        } catch (IOException e) {
            if (!why.cancelled && !why.timedOut && !why.pastDeadline) {
                failure = "the connection to " + config.authority() + " broke mid-stream: " + scrub(describe(e));
            }
        } finally {
            watch.cancel(false);
        }
        if (why.cancelled || (cancellation.isCancelled() && !acc.isDone() && !acc.allFinished())) {
            return new StreamOutcome(true, null, firstToken, false);
        }
        if (why.pastDeadline && !acc.allFinished()) {
            return new StreamOutcome(false, deadlineMessage(), firstToken, false);
        }
        if (why.timedOut) {
            failure = "no data from " + config.authority() + " for " + config.readTimeout().toMillis() + " ms";
        } else if (failure == null && !acc.isDone() && !acc.allFinished() && acc.serverError() == null) {
            failure = "the connection to " + config.authority() + " closed mid-stream";
        }
        return new StreamOutcome(false, failure, firstToken, retryable);
    }

    /** Sends and waits for the headers; a {@link CancellationException} when cancelled or past {@code deadline}. */
    private HttpResponse<InputStream> send(HttpRequest request, Cancellation cancellation, long deadline)
            throws IOException {
        CompletableFuture<HttpResponse<InputStream>> future =
                client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        while (true) {
            try {
                return future.get(WATCH_PERIOD_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancellation.isCancelled() || System.nanoTime() - deadline >= 0) {
                    future.cancel(true);
                    throw new CancellationException("cancelled");
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) throw io;
                throw new IOException(String.valueOf(e.getCause()), e.getCause());
            } catch (InterruptedException e) {
                future.cancel(true);
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
        }
    }

    private void backoff(int attempt, @Nullable String retryAfter, Cancellation cancellation) throws ModelException {
        long millis = Math.min(MAX_BACKOFF.toMillis(), config.initialBackoff().toMillis() << Math.min(attempt, 20));
        if (retryAfter != null) {
            try {
                millis = Math.max(millis, Math.min(MAX_BACKOFF.toMillis(), Long.parseLong(retryAfter.strip()) * 1000));
            } catch (NumberFormatException e) {
                // an HTTP date instead of seconds: keep our own backoff
            }
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            while (!cancellation.isCancelled()) {
                long left = until - System.nanoTime();
                if (left <= 0) return;
                TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(WATCH_PERIOD_MS)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while waiting to retry " + config.authority());
        }
    }

    private GenerationResult cancelled(int n, int requestIndex, TokenListener listener) {
        return new GenerationResult(new StreamAccumulator(requestIndex, n, listener).completions(FinishReason.CANCELLED, null),
                -1, Timings.ZERO);
    }

    /** The server's error message from an error response body, in the shapes servers use. */
    private String errorBody(HttpResponse<InputStream> response) {
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no readable error body: " + scrub(describe(e)) + ")";
        }
        String message = text;
        try {
            JsonNode node = json.readTree(text);
            if (node.has("error")) message = errorMessage(node.get("error"));
            else if (node.has("detail")) message = node.get("detail").toString();
            else if (node.has("message")) message = node.get("message").asText();
        } catch (IOException e) {
            // not JSON: keep the text as it came
        }
        if (message.isEmpty()) message = "(empty body)";
        if (message.length() > MAX_ERROR_CHARS) message = message.substring(0, MAX_ERROR_CHARS) + "...";
        return scrub(message);
    }

    static String errorMessage(JsonNode error) {
        if (error.isTextual()) return error.asText();
        String message = error.path("message").asText("");
        String type = error.path("type").asText("");
        if (message.isEmpty()) return error.toString();
        return type.isEmpty() ? message : message + " [" + type + "]";
    }

    private Completion scrub(Completion c) {
        if (config.apiKey() == null) return c;
        String error = c.error();
        return new Completion(c.index(), scrub(c.text()), c.finishReason(), c.completionTokens(),
                c.logprobs(), error == null ? null : scrub(error));
    }

    private String scrub(String text) {
        String key = config.apiKey();
        return key == null ? text : text.replace(key, OpenAiConfig.KEY_MASK);
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing to abort a read: the reader sees the failure and reports it
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        client.shutdownNow();
    }

    @Override
    public String toString() {
        return "OpenAiLanguageModel[" + config + "]";
    }
}
