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
 * @param readTimeout   the longest wait for response headers, and for the next byte of a stream
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

    public OpenAiConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(endpoints, "endpoints");
        baseUrl = normalise(baseUrl);
        if (model.isBlank()) throw new IllegalArgumentException("model name is empty");
        if (apiKey != null && apiKey.isBlank()) apiKey = null;
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
        if (maxConcurrent < 1) throw new IllegalArgumentException("maxConcurrent must be >= 1: " + maxConcurrent);
        if (connectTimeout.isNegative() || connectTimeout.isZero()) throw new IllegalArgumentException("connectTimeout must be > 0");
        if (readTimeout.isNegative() || readTimeout.isZero()) throw new IllegalArgumentException("readTimeout must be > 0");
    }

    /** Defaults: no key, 10 s connect, 120 s read, 3 retries from 500 ms, AUTO endpoints, 8 in flight. */
    public static OpenAiConfig of(String baseUrl, String model) {
        return new OpenAiConfig(URI.create(baseUrl), model, null, Duration.ofSeconds(10), Duration.ofSeconds(120),
                3, Duration.ofMillis(500), Endpoints.AUTO, 8);
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
        if (url.getUserInfo() != null) {
            throw new IllegalArgumentException("put credentials in the API key, not the base URL");
        }
        String path = url.getPath() == null ? "" : url.getPath();
        if (path.isEmpty() || path.equals("/")) {
            return url.resolve("/v1");
        }
        return path.endsWith("/") ? URI.create(url.toString().substring(0, url.toString().length() - 1)) : url;
    }

    public OpenAiConfig withApiKey(@Nullable String key) { return new OpenAiConfig(baseUrl, model, key, connectTimeout, readTimeout, maxRetries, initialBackoff, endpoints, maxConcurrent); }
    public OpenAiConfig withTimeouts(Duration connect, Duration read) { return new OpenAiConfig(baseUrl, model, apiKey, connect, read, maxRetries, initialBackoff, endpoints, maxConcurrent); }
    public OpenAiConfig withRetries(int retries, Duration backoff) { return new OpenAiConfig(baseUrl, model, apiKey, connectTimeout, readTimeout, retries, backoff, endpoints, maxConcurrent); }
    public OpenAiConfig withEndpoints(Endpoints e) { return new OpenAiConfig(baseUrl, model, apiKey, connectTimeout, readTimeout, maxRetries, initialBackoff, e, maxConcurrent); }
    public OpenAiConfig withMaxConcurrent(int k) { return new OpenAiConfig(baseUrl, model, apiKey, connectTimeout, readTimeout, maxRetries, initialBackoff, endpoints, k); }

    /** Never shows the API key, only whether one is set. */
    @Override
    public String toString() {
        return "OpenAiConfig[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", maxRetries=" + maxRetries
                + ", initialBackoff=" + initialBackoff + ", endpoints=" + endpoints + ", maxConcurrent=" + maxConcurrent + "]";
    }
}
