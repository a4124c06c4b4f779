package org.errata.assets;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Finds the bundled assets as real files. The demo model is a folder of resources listed, with
 * their SHA-256, in its {@code SHA256SUMS} manifest. When the resources are plain files (a build
 * tree) the folder is used where it is; inside a jar it is copied to
 * {@code <data dir>/assets/demo-model/<manifest hash>/} once. Either way every file is checked
 * against the manifest before the folder is handed out.
 */
public final class Assets {

    public static final String DEMO_MODEL = "org/errata/assets/demo-model/";
    public static final String MANIFEST = "SHA256SUMS";
    public static final String DEMO_HELDOUT = "org/errata/assets/demo-heldout.jsonl";
    /** The dataset name the held-out problems import as. */
    public static final String DEMO_HELDOUT_DATASET = "demo-heldout";

    private final ClassLoader loader;
    private final Path dataDir;

    public Assets(ClassLoader loader, Path dataDir) {
        this.loader = Objects.requireNonNull(loader);
        this.dataDir = Objects.requireNonNull(dataDir);
    }

    /** Assets from this module's class loader, cached under the user's data directory. */
    public static Assets standard() {
        return new Assets(Assets.class.getClassLoader(), defaultDataDir());
    }

    /** {@code $ERRATA_DATA_DIR}, else {@code $XDG_DATA_HOME/errata}, else {@code ~/.local/share/errata}. */
    public static Path defaultDataDir() {
        String own = System.getenv("ERRATA_DATA_DIR");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("errata");
    }

    /** The demo model's folder ({@code config.json}, {@code model.safetensors}, tokenizer files), verified. */
    public Path demoModel() throws AssetException {
        URL manifestUrl = resource(DEMO_MODEL + MANIFEST);
        String manifestText = read(manifestUrl);
        Map<String, String> sums = parseManifest(manifestText);
        if ("file".equals(manifestUrl.getProtocol())) {
            Path dir = toPath(manifestUrl).getParent();
            verify(dir, sums);
            return dir;
        }
        Path dir = dataDir.resolve("assets").resolve("demo-model").resolve(sha256(manifestText.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
        try {
            if (Files.isDirectory(dir)) {
                try {
                    verify(dir, sums);
                    return dir;
                } catch (AssetException stale) {
                    // a damaged copy in the cache: copy again below
                }
            }
            Files.createDirectories(dir);
            for (String name : sums.keySet()) {
                try (InputStream in = resource(DEMO_MODEL + name).openStream()) {
                    Path tmp = Files.createTempFile(dir, name, ".part");
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            Files.writeString(dir.resolve(MANIFEST), manifestText);
        } catch (IOException e) {
            throw new AssetException("cannot copy the demo model to " + dir + ": " + e.getMessage(), e);
        }
        verify(dir, sums);
        return dir;
    }

    /** The held-out problems, GSM8K-style JSONL ({@code question}, {@code answer} ending in {@code #### N}). */
    public Path demoHeldOut() throws AssetException {
        URL url = resource(DEMO_HELDOUT);
        if ("file".equals(url.getProtocol())) {
            return toPath(url);
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readAllBytes();
            Path dir = dataDir.resolve("assets").resolve(sha256(bytes).substring(0, 16));
            Path file = dir.resolve("demo-heldout.jsonl");
            if (!Files.isRegularFile(file) || !sha256(Files.readAllBytes(file)).equals(sha256(bytes))) {
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, "demo-heldout", ".part");
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            return file;
        } catch (IOException e) {
            throw new AssetException("cannot copy the held-out problems: " + e.getMessage(), e);
        }
    }

    /** Checks every file of the manifest in {@code dir}. */
    public static void verify(Path dir, Map<String, String> sums) throws AssetException {
        for (Map.Entry<String, String> e : sums.entrySet()) {
            Path f = dir.resolve(e.getKey());
            if (!Files.isRegularFile(f)) {
                throw new AssetException("missing asset " + f);
            }
            String actual;
            try {
                actual = sha256(Files.readAllBytes(f));
            } catch (IOException ex) {
                throw new AssetException("cannot read asset " + f, ex);
            }
            if (!actual.equals(e.getValue())) {
                throw new AssetException("asset " + f + " has SHA-256 " + actual + ", the manifest says " + e.getValue());
            }
        }
    }

    /** {@code sha256sum} format: {@code <hex>  <name>} per line. */
    public static Map<String, String> parseManifest(String text) throws AssetException {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}") || parts[1].contains("/") || parts[1].contains("..")) {
                throw new AssetException("bad manifest line: " + line);
            }
            sums.put(parts[1], parts[0]);
        }
        if (sums.isEmpty()) {
            throw new AssetException("empty asset manifest");
        }
        return sums;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private URL resource(String name) throws AssetException {
        URL url = loader.getResource(name);
        if (url == null) {
            throw new AssetException("bundled asset not found: " + name);
        }
        return url;
    }

    private static String read(URL url) throws AssetException {
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssetException("cannot read " + url, e);
        }
    }

    private static Path toPath(URL url) throws AssetException {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssetException("bad asset location " + url, e);
        }
    }
}
