package org.errata.runtime.api;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How an embedded model runs: on which device, with how many CPU threads ({@code 0}: one per
 * core), at most how many sequences decoded together, and how many earlier prompts' key/value
 * caches are kept for reuse by later prompts that extend them ({@code 0} turns reuse off), and
 * whether decoding drafts tokens by copying from the context ({@link CopySpec}, on by default),
 * and the log-probabilities recorded with every call ({@code topLogprobs}: {@code -1} none,
 * {@code 0} the chosen token's, {@code k} and its k most likely alternatives; a request that asks
 * for more gets more). The logits are on hand at every step, so recording costs one pass over the
 * vocabulary per token: the token heatmap is there for every embedded run. {@code weightsCache}
 * names the folder where a CPU model's converted weights are kept for memory-mapped loads
 * ({@code null}: as {@link #WEIGHTS_CACHE_PROPERTY} says).
 * How the model runs, never what it outputs.
 */
public record RuntimeOptions(Device device, int threads, int maxBatch, int prefixCacheEntries, CopySpec copySpec,
        int topLogprobs, @Nullable Path weightsCache) {

    /** Alternatives recorded per token by default. */
    public static final int DEFAULT_TOP_LOGPROBS = 3;

    /**
     * The system property naming the folder where the embedded backend keeps models' converted
     * weights for memory-mapped loads ({@code false}: none; unset or {@code true}: the user's cache
     * folder, {@code ~/.cache/errata/weights}).
     */
    public static final String WEIGHTS_CACHE_PROPERTY = "errata.weights.cache";
    /** The most alternatives recorded per token. */
    public static final int MAX_TOP_LOGPROBS = 20;

    public enum Device {
        AUTO, CPU, CUDA;

        public static Device parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    public RuntimeOptions {
        Objects.requireNonNull(device, "device");
        if (threads < 0) throw new IllegalArgumentException("threads must be >= 0: " + threads);
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1: " + maxBatch);
        if (prefixCacheEntries < 0) throw new IllegalArgumentException("prefixCacheEntries must be >= 0");
        Objects.requireNonNull(copySpec, "copySpec");
        if (topLogprobs < -1 || topLogprobs > MAX_TOP_LOGPROBS) {
            throw new IllegalArgumentException("top logprobs must be -1 (none) to " + MAX_TOP_LOGPROBS + ": " + topLogprobs);
        }
    }

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Device.AUTO, 0, 64, 8, CopySpec.on(), DEFAULT_TOP_LOGPROBS, null);
    }

    public RuntimeOptions withDevice(Device d) { return new RuntimeOptions(d, threads, maxBatch, prefixCacheEntries, copySpec, topLogprobs, weightsCache); }
    public RuntimeOptions withThreads(int t) { return new RuntimeOptions(device, t, maxBatch, prefixCacheEntries, copySpec, topLogprobs, weightsCache); }
    public RuntimeOptions withMaxBatch(int b) { return new RuntimeOptions(device, threads, b, prefixCacheEntries, copySpec, topLogprobs, weightsCache); }
    public RuntimeOptions withCopySpec(CopySpec c) { return new RuntimeOptions(device, threads, maxBatch, prefixCacheEntries, c, topLogprobs, weightsCache); }
    public RuntimeOptions withTopLogprobs(int k) { return new RuntimeOptions(device, threads, maxBatch, prefixCacheEntries, copySpec, k, weightsCache); }
    public RuntimeOptions withPrefixCacheEntries(int n) { return new RuntimeOptions(device, threads, maxBatch, n, copySpec, topLogprobs, weightsCache); }
    /** Keeps converted weights in {@code folder} (a temporary model's cache beside it, say) instead of where the property says. */
    public RuntimeOptions withWeightsCache(Path folder) { return new RuntimeOptions(device, threads, maxBatch, prefixCacheEntries, copySpec, topLogprobs, folder); }
}
