package org.errata.runtime.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach an OpenAI-compatible server. {@code baseUrl} is the API root, e.g.
 * {@code http://gpu-node:8000/v1} (a URL without a path gets {@code /v1}). The API key is a
 * secret: {@link #toString()} never shows it, and nothing in this package writes it anywhere but
 * the {@code Authorization} header.
 *
 * @param readTimeout   the longest wait for response headers, and for the next line of a stream
 * @param callDeadline  the longest one call may take in all (retries included); a call past it ends
 *                      with an error naming the limit, whatever the server keeps sending
 * @param maxRetries    retries after a connect failure, 429 or 5xx before the first token
 * @param initialBackoff the first retry's delay; each further retry doubles it (capped at 30 s)
 * @param maxConcurrent  requests of one {@code generateBatch} in flight at once
 */
public record OpenAiConfig(
        URI baseUrl,
        String model,
        @Nullable String apiKey,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callDeadline,
        int maxRetries,
        Duration initialBackoff,
        Endpoints endpoints,
        int maxConcurrent) {

    /** Which endpoint a prompt goes to. */
    public enum Endpoints {
        /** Chat prompts to {@code /chat/completions}, raw prompts to {@code /completions}. */
        AUTO,
        /** Everything to {@code /chat/completions}: a raw prompt becomes one user message (chat-only servers). */
        CHAT_ONLY
    }

    /** Environment variables read for the API key, in order, when no key is given explicitly. */
    public static final String[] API_KEY_VARIABLES = {"ERRATA_OPENAI_API_KEY", "OPENAI_API_KEY"};

    /** Environment variable with the per-call deadline in seconds (default {@link #DEFAULT_CALL_DEADLINE}). */
    public static final String CALL_DEADLINE_VARIABLE = "ERRATA_OPENAI_TIMEOUT";

    /** The longest one call may take unless configured otherwise. */
    public static final Duration DEFAULT_CALL_DEADLINE = Duration.ofSeconds(600);

    /** What the API key is replaced with wherever it would otherwise appear (generated text, errors). */
    public static final String KEY_MASK = "***";

    /** Query parameters that carry credentials; a base URL with one is refused. */
    private static final java.util.Set<String> CREDENTIAL_PARAMETERS = java.util.Set.of(
            "api_key", "apikey", "api-key", "key", "token", "access_token", "auth", "password", "secret");

    public OpenAiConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(callDeadline, "callDeadline");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(endpoints, "endpoints");
        baseUrl = normalise(baseUrl);
        if (model.isBlank()) throw new IllegalArgumentException("model name is empty");
        if (apiKey != null && apiKey.isBlank()) apiKey = null;
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
        if (maxConcurrent < 1) throw new IllegalArgumentException("maxConcurrent must be >= 1: " + maxConcurrent);
        if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("connectTimeout must be > 0");
        if (readTimeout.isNegative() || readTimeout.isZero()) throw new IllegalArgumentException("readTimeout must be > 0");
        if (callDeadline.isNegative() || callDeadline.isZero()) throw new IllegalArgumentException("callDeadline must be > 0");
    }

    /** Defaults: no key, 10 s connect, 120 s read, 600 s per call, 3 retries from 500 ms, AUTO endpoints, 8 in flight. */
    public static OpenAiConfig of(String baseUrl, String model) {
        return new OpenAiConfig(URI.create(baseUrl), model, null, Duration.ofSeconds(10), Duration.ofSeconds(120),
                DEFAULT_CALL_DEADLINE, 3, Duration.ofMillis(500), Endpoints.AUTO, 8);
    }

    /**
     * Why {@code url} may not be used as a server address because it carries credentials
     * ({@code user:pass@}, {@code ?api_key=...}), in one line that names the variable to use
     * instead and does not repeat the secret; empty when it carries none.
     */
    public static java.util.Optional<String> credentialsIn(String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty(); // not a URL at all: the caller's own check says so
        }
        String where = null;
        if (uri.getRawUserInfo() != null) where = "user:password@ in the server address";
        String query = uri.getRawQuery();
        if (where == null && query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
                if (CREDENTIAL_PARAMETERS.contains(name)) {
                    where = "'" + name + "=' in the server address";
                    break;
                }
            }
        }
        if (where == null) return java.util.Optional.empty();
        return java.util.Optional.of("credentials are refused in URLs (" + where + "): they would be stored with the run;"
                + " put the key in the environment variable " + API_KEY_VARIABLES[0] + " instead");
    }

    /** The deadline from {@link #CALL_DEADLINE_VARIABLE} in {@code environment}, else the default. */
    public static Duration callDeadline(Map<String, String> environment) {
        String v = environment.get(CALL_DEADLINE_VARIABLE);
        if (v == null || v.isBlank()) return DEFAULT_CALL_DEADLINE;
        try {
            long seconds = Long.parseLong(v.strip());
            if (seconds > 0) return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            // fall through to the one-line refusal below
        }
        throw new IllegalArgumentException(CALL_DEADLINE_VARIABLE + " must be a whole number of seconds > 0: '" + v + "'");
    }

    /**
     * The key given on the command line or in settings if any, else the first of
     * {@link #API_KEY_VARIABLES} set in {@code environment}.
     */
    public static @Nullable String resolveApiKey(@Nullable String explicit, Map<String, String> environment) {
        if (explicit != null && !explicit.isBlank()) return explicit;
        for (String name : API_KEY_VARIABLES) {
            String v = environment.get(name);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }

    public boolean hasApiKey() {
        return apiKey != null;
    }

    /** host[:port] of the server, for display. */
    public String authority() {
        return baseUrl.getAuthority() == null ? baseUrl.toString() : baseUrl.getAuthority();
    }

    URI endpoint(String path) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private static URI normalise(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("base URL must be http(s)://...: " + url);
        }
        credentialsIn(url.toString()).ifPresent(why -> { throw new IllegalArgumentException(why); });
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.isEmpty() || path.equals("/")) {
            return url.resolve("/v1");
        }
        return path.endsWith("/") ? URI.create(url.toString().substring(0, url.toString().length() - 1)) : url;
    }

    public OpenAiConfig withApiKey(@Nullable String key) { return new OpenAiConfig(baseUrl, model, key, connectTimeout, readTimeout, callDeadline, maxRetries, initialBackoff, endpoints, maxConcurrent); }
    public OpenAiConfig withTimeouts(Duration connect, Duration read) { return new OpenAiConfig(baseUrl, model, apiKey, connect, read, callDeadline, maxRetries, initialBackoff, endpoints, maxConcurrent); }
    public OpenAiConfig withCallDeadline(Duration d) { return new OpenAiConfig(baseUrl, model, apiKey, connectTimeout, readTimeout, d, maxRetries, initialBackoff, endpoints, maxConcurrent); }
    public OpenAiConfig withRetries(int retries, Duration backoff) { return new OpenAiConfig(baseUrl, model, apiKey, connectTimeout, readTimeout, callDeadline, retries, backoff, endpoints, maxConcurrent); }
    public OpenAiConfig withEndpoints(Endpoints e) { return new OpenAiConfig(baseUrl, model, apiKey, connectTimeout, readTimeout, callDeadline, maxRetries, initialBackoff, e, maxConcurrent); }
    public OpenAiConfig withMaxConcurrent(int k) { return new OpenAiConfig(baseUrl, model, apiKey, connectTimeout, readTimeout, callDeadline, maxRetries, initialBackoff, endpoints, k); }

    /** Never shows the API key, only whether one is set. */
    @Override
    public String toString() {
        return "OpenAiConfig[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", callDeadline=" + callDeadline
                + ", maxRetries=" + maxRetries
                + ", initialBackoff=" + initialBackoff + ", endpoints=" + endpoints + ", maxConcurrent=" + maxConcurrent + "]";
    }
}
