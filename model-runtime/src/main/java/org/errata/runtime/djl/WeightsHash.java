package org.errata.runtime.djl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SHA-256 of a model's weight files (in path order), computed at load. The digest is kept in
 * {@code .errata-weights.sha256} beside the weights, keyed by the files' names, sizes and
 * modification times, so a model is read in full once, not at every start; where the folder
 * cannot be written the digest is computed each load.
 */
final class WeightsHash {

    private static final Logger LOG = LoggerFactory.getLogger(WeightsHash.class);
    static final String CACHE_FILE = ".errata-weights.sha256";

    private WeightsHash() {}

    static @Nullable String of(List<Path> files) {
        List<Path> sorted = files.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return null;
        }
        try {
            String key = key(sorted);
            Path cache = sorted.get(0).toAbsolutePath().getParent().resolve(CACHE_FILE);
            if (Files.isRegularFile(cache)) {
                List<String> lines = Files.readAllLines(cache);
                if (lines.size() == 2 && lines.get(0).equals(key) && lines.get(1).matches("[0-9a-f]{64}")) {
                    return lines.get(1);
                }
            }
            String digest = digest(sorted);
            try {
                Files.writeString(cache, key + "\n" + digest + "\n");
            } catch (IOException e) {
                // a read-only model folder: the digest is simply computed again next time
                LOG.debug("cannot keep the weights digest in {}: {}", cache, e.getMessage());
            }
            return digest;
        } catch (IOException e) {
            LOG.warn("cannot hash the weights {}: {}", sorted, e.getMessage());
            return null;
        }
    }

    /**
     * {@link #of} on a thread of its own, so that a model's weights are read for the digest while
     * they are loaded (on a first load the digest reads every byte of the files once more).
     */
    static CompletableFuture<@Nullable String> inBackground(List<Path> files) {
        CompletableFuture<@Nullable String> digest = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("errata-weights-hash").start(() -> {
            try {
                digest.complete(of(files));
            } catch (RuntimeException | Error e) {
                digest.completeExceptionally(e);
            }
        });
        return digest;
    }

    /** The files' names, sizes and modification times, in the given order: what the cached digest is valid for. */
    static String key(List<Path> files) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Path p : files) {
            b.append(p.getFileName()).append(':').append(Files.size(p)).append(':')
                    .append(Files.getLastModifiedTime(p).toMillis()).append(';');
        }
        return b.toString();
    }

    static String digest(List<Path> files) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (Path p : files) {
                try (InputStream in = Files.newInputStream(p)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        sha.update(buf, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
