package org.errata.runtime.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.errata.runtime.safetensors.DType;
import org.errata.runtime.safetensors.SafetensorsException;
import org.errata.runtime.safetensors.SafetensorsFile;
import org.errata.runtime.safetensors.SafetensorsWriter;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model's weights as {@link LlamaWeights#load} leaves them on the CPU (f32, projections fused
 * and transposed, norms folded), kept in a safetensors file and memory-mapped on later loads:
 * a load is then a few milliseconds of mapping plus reading pages the operating system usually
 * still holds, instead of converting every weight into fresh memory (10 s for a 1B model here).
 * The mapping is private (copy-on-write), so nothing can change the file through a weight, and
 * processes loading the same model share its pages.
 *
 * <p>A file is named by a key of the model folder's absolute path, its weight files' names, sizes
 * and modification times, the {@link #LAYOUT} and the data type; changing any of these makes a new
 * file. The file records the key and the weights' digest, so a mapped load also skips hashing.
 * Files are written to a temporary name and moved into place, so a reader sees a whole file or
 * none; the {@link #KEEP} most recently used files are kept, and one is not written when it would
 * leave the disk with less free space than its own size. Models under {@link #MIN_BYTES} (the demo
 * model) load fast enough as they are and are not cached.
 *
 * <p>The folder is {@code -Derrata.weights.cache=DIR}, else (unset or {@code true}) {@link CacheDirs}'s
 * {@code weights}; {@code -Derrata.weights.cache=false} turns the cache off. Any failure to read or write it is
 * logged in one line and the model loads the ordinary way.
 */
final class WeightsCache {

    private static final Logger LOG = LoggerFactory.getLogger(WeightsCache.class);

    /** The system property naming the folder, or {@code false}. */
    static final String PROPERTY = org.errata.runtime.api.RuntimeOptions.WEIGHTS_CACHE_PROPERTY;
    /** Bumped whenever {@link LlamaWeights#load}'s layout changes. */
    static final int LAYOUT = 2;
    /** Models whose converted weights are smaller than this are not cached. */
    static final long MIN_BYTES = 64L << 20;
    /** Files kept: the most recently used. */
    static final int KEEP = 4;
    static final String SUFFIX = ".weights.safetensors";
    /**
     * Large tensors start on (and are mapped in) whole 2 MiB pages of the file: the kernel then maps
     * them with huge pages. Mapped in 4 KiB pages at their ends (12 % of the 0.5B shape's weights),
     * 32-row decoding ran 10-15 % slower than from the same values in anonymous memory.
     */
    static final long HUGE_PAGE = 2L << 20;

    private final Path dir;
    private final long minBytes;
    /** Where the pages read at load are summed, so that reading them is not optimised away. */
    @SuppressWarnings("unused")
    private static volatile int touched;

    WeightsCache(Path dir, long minBytes) {
        this.dir = dir;
        this.minBytes = minBytes;
    }

    /** The cache the options name, else the one the system property configures, or none when it is {@code false}. */
    static Optional<WeightsCache> configured(org.errata.runtime.api.RuntimeOptions options) {
        Path folder = options.weightsCache();
        return folder != null ? Optional.of(new WeightsCache(folder, MIN_BYTES)) : configured();
    }

    /** The cache the system property configures, or none when it is {@code false}. */
    static Optional<WeightsCache> configured() {
        String p = System.getProperty(PROPERTY, "").strip();
        if (p.equalsIgnoreCase("false") || p.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        boolean standard = p.isEmpty() || p.equalsIgnoreCase("true") || p.equalsIgnoreCase("on");
        return Optional.of(new WeightsCache(standard ? CacheDirs.of("weights") : Path.of(p), MIN_BYTES));
    }

    Path dir() {
        return dir;
    }

    /** What a mapped load gives: the weights and the digest recorded with them (null where none was). */
    record Hit(LlamaWeights weights, @Nullable String digest) {}

    /**
     * The key of {@code folder}'s weights {@code files} converted to {@code dataType}: the text stored
     * in the file, whose hash names it.
     */
    static String key(Path folder, List<Path> files, DataType dataType) throws IOException {
        List<Path> all = new ArrayList<>(files);
        all.add(folder.resolve("config.json")); // the layout follows the config too
        return "layout " + LAYOUT + " " + dataType + " " + folder.toAbsolutePath().normalize() + " | "
                + WeightsHash.key(all.stream().sorted().toList());
    }

    Path fileFor(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(h, 0, 12) + SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the weights of {@code c} (as f32) are worth caching. */
    boolean wanted(LlamaConfig c) {
        long bytes = 0;
        for (String name : LlamaWeights.Names.all(c)) {
            long n = 4;
            for (long d : LlamaWeights.Names.shape(c, name)) {
                n *= d;
            }
            bytes += n;
        }
        return bytes >= minBytes;
    }

    /**
     * The weights of {@code key} mapped from the cache into {@code manager} (a CPU manager; the
     * arrays keep their mappings alive), or empty when there is no usable file.
     */
    Optional<Hit> open(String key, LlamaConfig c, NDManager manager) {
        Path file = fileFor(key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (SafetensorsFile f = SafetensorsFile.open(file, true)) {
            if (!key.equals(f.metadata().get("key"))) {
                LOG.info("{}: made for other weights; converting anew", file);
                return Optional.empty();
            }
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            try {
                for (String name : f.tensors().keySet()) {
                    if (name.startsWith("__pad")) {
                        continue;
                    }
                    arrays.put(name, mapped(f, name, manager));
                }
                LlamaWeights w = assemble(c, arrays, manager);
                touch(file);
                String digest = f.metadata().get("digest");
                return Optional.of(new Hit(w, digest != null && digest.matches("[0-9a-f]{64}") ? digest : null));
            } catch (SafetensorsException | RuntimeException e) {
                arrays.values().forEach(NDArray::close);
                throw e;
            }
        } catch (SafetensorsException | RuntimeException e) {
            // a SafetensorsException names the file itself
            LOG.warn("cannot use the converted weights: {}; converting anew",
                    e instanceof SafetensorsException ? e.getMessage() : file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private static NDArray mapped(SafetensorsFile f, String name, NDManager manager) throws SafetensorsException {
        var t = f.require(name);
        if (t.dtype() != DType.F32) {
            throw new SafetensorsException(f.path(), name, "expected F32, found " + t.dtype());
        }
        ByteBuffer bytes = f.mapPrivate(name, HUGE_PAGE);
        // read every page now (the operating system reads ahead), so the first token does not pay for it
        int sum = 0;
        for (int i = 0; i < bytes.capacity(); i += 4096) {
            sum += bytes.get(i);
        }
        touched = sum;
        return manager.create(bytes, new Shape(t.shape()), DataType.FLOAT32);
    }

    private static LlamaWeights assemble(LlamaConfig c, Map<String, NDArray> a, NDManager manager) {
        long d = c.hiddenSize();
        shaped(a, "embed", c.vocabSize(), d);
        List<LlamaWeights.Layer> layers = new ArrayList<>();
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "layers." + i + ".";
            shaped(a, p + "wqkv_t", d, c.qDim() + 2L * c.kvDim());
            shaped(a, p + "wo_t", c.qDim(), d);
            shaped(a, p + "wgate_up_t", d, 2L * c.intermediateSize());
            shaped(a, p + "wdown", d, c.intermediateSize());
            layers.add(new LlamaWeights.Layer(null, need(a, p + "wqkv_t"), a.get(p + "bqkv"), need(a, p + "wo_t"),
                    null, need(a, p + "wgate_up_t"), need(a, p + "wdown").transpose(), 1.0));
        }
        NDArray embed = need(a, "embed");
        NDArray head = c.tieWordEmbeddings() ? embed.transpose() : need(a, "lm_head_t");
        return new LlamaWeights(c, embed, layers, a.get("final_norm"), head,
                LlamaForward.rotateHalfMatrix(manager, c.headDim(), DataType.FLOAT32));
    }

    private static void shaped(Map<String, NDArray> a, String name, long... shape) {
        if (!need(a, name).getShape().equals(new Shape(shape))) {
            throw new IllegalArgumentException("tensor " + name + " is " + a.get(name).getShape() + ", the config makes "
                    + new Shape(shape));
        }
    }

    private static NDArray need(Map<String, NDArray> a, String name) {
        NDArray x = a.get(name);
        if (x == null) {
            throw new IllegalArgumentException("tensor " + name + " missing");
        }
        return x;
    }

    /**
     * A write of converted weights on a thread of its own, so that a first load returns as soon as
     * the weights are converted; the weights must stay open until {@link #finish} returns.
     */
    static final class Writing {
        private final Thread thread;
        private volatile boolean written;

        private Writing(WeightsCache cache, String key, LlamaWeights w, @Nullable String digest) {
            thread = Thread.ofPlatform().daemon().name("errata-weights-cache").start(() -> written = cache.store(key, w, digest));
        }

        /** Waits for the write to end (a few seconds at most for a 1B model); whether the file was written. */
        boolean finish() {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the weights must outlive the write: wait, then restore the flag
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return written;
        }
    }

    /** {@link #store} on a thread of its own. */
    Writing storeInBackground(String key, LlamaWeights w, @Nullable String digest) {
        return new Writing(this, key, w, digest);
    }

    /**
     * Writes {@code w} (as {@link LlamaWeights#load} made it on the CPU) under {@code key}, then
     * drops the least recently used files beyond {@link #KEEP}. Logs and returns false where it
     * cannot (disk full, folder not writable): the caller goes on with the weights it has.
     */
    boolean store(String key, LlamaWeights w, @Nullable String digest) {
        Path file = fileFor(key);
        Map<String, NDArray> arrays = parts(w);
        long bytes = arrays.values().stream().mapToLong(x -> x.size() * 4).sum();
        long start = System.nanoTime();
        try {
            Files.createDirectories(dir);
            long free = Files.getFileStore(dir).getUsableSpace();
            if (free < 2 * bytes) {
                LOG.info("not caching the converted weights ({} MB) in {}: {} MB free", bytes >> 20, dir, free >> 20);
                return false;
            }
            LOG.info("writing the converted weights ({} MB) to {}, so that later loads map them", bytes >> 20, dir);
            SafetensorsWriter out = new SafetensorsWriter().alignLargeTensors(HUGE_PAGE).metadata("key", key)
                    .metadata("written_by", "errata " + WeightsCache.class.getSimpleName());
            if (digest != null) {
                out.metadata("digest", digest);
            }
            for (var e : arrays.entrySet()) {
                NDArray x = e.getValue();
                out.add(e.getKey(), DType.F32, x.getShape().getShape(), channel -> SafetensorsWriter.writeFully(channel, bytesOf(x)));
            }
            out.write(file);
            LOG.info("converted weights written to {} ({} MB, {} s)", file, bytes >> 20,
                    String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
            evict(file);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot cache the converted weights in {}: {}", dir, e.getMessage());
            return false;
        }
    }

    /** The arrays a file holds, by name; only the layout {@link LlamaWeights#load} makes. */
    private static Map<String, NDArray> parts(LlamaWeights w) {
        Map<String, NDArray> a = new LinkedHashMap<>();
        a.put("embed", w.embed());
        for (int i = 0; i < w.layers().size(); i++) {
            LlamaWeights.Layer l = w.layers().get(i);
            if (l.attnNorm() != null || l.mlpNorm() != null || l.scoreScale() != 1.0) {
                throw new IllegalArgumentException("layer " + i + " is not in the folded layout");
            }
            String p = "layers." + i + ".";
            a.put(p + "wqkv_t", l.wqkvT());
            if (l.bqkv() != null) {
                a.put(p + "bqkv", l.bqkv());
            }
            a.put(p + "wo_t", l.woT());
            a.put(p + "wgate_up_t", l.wGateUpT());
            a.put(p + "wdown", l.wDownT().transpose());
        }
        if (w.finalNorm() != null) {
            a.put("final_norm", w.finalNorm());
        }
        if (!w.config().tieWordEmbeddings()) {
            a.put("lm_head_t", w.lmHeadT());
        }
        return a;
    }

    /** The array's own memory (every array here is contiguous), else a copy. */
    private static ByteBuffer bytesOf(NDArray x) {
        if (x.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("only f32 weights are cached, found " + x.getDataType());
        }
        ByteBuffer own = DjlEngine.ownMemory(x);
        return own != null ? own : x.toByteBuffer();
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            LOG.debug("cannot mark {} as used: {}", file, e.getMessage());
        }
    }

    /**
     * Deletes all but the {@link #KEEP} most recently used files ({@code kept} always stays), and
     * parts of files left by a process that ended while writing (a day old).
     */
    private void evict(Path kept) throws IOException {
        List<Path> files;
        long dayAgo = System.currentTimeMillis() - 86_400_000L;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().endsWith(".part") && lastUsed(p) < dayAgo) {
                    Files.deleteIfExists(p);
                }
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && !p.equals(kept))
                    .sorted(Comparator.comparing(WeightsCache::lastUsed).reversed()).toList();
        }
        for (Path old : files.subList(Math.min(files.size(), KEEP - 1), files.size())) {
            Files.deleteIfExists(old);
            LOG.info("dropped the converted weights {} (the cache keeps {})", old.getFileName(), KEEP);
        }
    }

    private static long lastUsed(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
