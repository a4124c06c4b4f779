package org.errata.runtime.api;

import java.util.Locale;
import java.util.Objects;

/**
 * How an embedded model runs: on which device, with how many CPU threads ({@code 0}: one per
 * core), at most how many sequences decoded together, and how many earlier prompts' key/value
 * caches are kept for reuse by later prompts that extend them ({@code 0} turns reuse off), and
 * whether decoding drafts tokens by copying from the context ({@link CopySpec}, on by default):
 * how the model runs, never what it outputs.
 */
public record RuntimeOptions(Device device, int threads, int maxBatch, int prefixCacheEntries, CopySpec copySpec) {

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
    }

    public static RuntimeOptions defaults() {
        return new RuntimeOptions(Device.AUTO, 0, 64, 8, CopySpec.on());
    }

    public RuntimeOptions withDevice(Device d) { return new RuntimeOptions(d, threads, maxBatch, prefixCacheEntries, copySpec); }
    public RuntimeOptions withThreads(int t) { return new RuntimeOptions(device, t, maxBatch, prefixCacheEntries, copySpec); }
    public RuntimeOptions withMaxBatch(int b) { return new RuntimeOptions(device, threads, b, prefixCacheEntries, copySpec); }
    public RuntimeOptions withCopySpec(CopySpec c) { return new RuntimeOptions(device, threads, maxBatch, prefixCacheEntries, c); }
    public RuntimeOptions withPrefixCacheEntries(int n) { return new RuntimeOptions(device, threads, maxBatch, n, copySpec); }
}
