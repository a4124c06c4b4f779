package org.errata.runtime.reference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The machine's load average over 1, 5 and 15 minutes, which every benchmark prints beside its
 * figures (only ratios measured side by side on a quiet machine count). Read from
 * {@code /proc/loadavg}; empty where there is none (not Linux).
 */
public final class LoadAverage {
    private LoadAverage() {}

    /** The three figures as the kernel writes them, or empty. */
    public static Optional<List<String>> read() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return f.length < 3 ? Optional.empty() : Optional.of(List.of(f[0], f[1], f[2]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The three figures joined by {@code separator}, or {@code missing} where they cannot be read. */
    public static String text(String separator, String missing) {
        return read().map(f -> String.join(separator, f)).orElse(missing);
    }
}
