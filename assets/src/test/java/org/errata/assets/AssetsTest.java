package org.errata.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetsTest {

    @TempDir
    Path tmp;

    private static final Map<String, String> FILES = Map.of(
            "config.json", "{\"model_type\":\"llama\"}",
            "model.safetensors", "weights-bytes");

    private Path jar(boolean corrupt) throws Exception {
        StringBuilder manifest = new StringBuilder();
        Map<String, String> contents = new LinkedHashMap<>(FILES);
        for (var e : contents.entrySet()) {
            manifest.append(Assets.sha256(e.getValue().getBytes(StandardCharsets.UTF_8))).append("  ").append(e.getKey()).append('\n');
        }
        if (corrupt) {
            contents.put("model.safetensors", "tampered");
        }
        Path jar = tmp.resolve(corrupt ? "bad.jar" : "good.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            put(out, Assets.DEMO_MODEL + Assets.MANIFEST, manifest.toString());
            for (var e : contents.entrySet()) {
                put(out, Assets.DEMO_MODEL + e.getKey(), e.getValue());
            }
            put(out, Assets.DEMO_HELDOUT, "{\"question\":\"What is 1 + 2 * 3?\",\"answer\":\"#### 7\"}\n");
        }
        return jar;
    }

    private static void put(JarOutputStream out, String name, String text) throws Exception {
        out.putNextEntry(new JarEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    @Test
    void extractsFromAJarAndVerifies() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar(false).toUri().toURL()}, null)) {
            Assets assets = new Assets(loader, tmp.resolve("data"));
            Path dir = assets.demoModel();
            assertThat(dir).startsWith(tmp.resolve("data"));
            assertThat(Files.readString(dir.resolve("config.json"))).isEqualTo(FILES.get("config.json"));
            assertThat(Files.readString(dir.resolve("model.safetensors"))).isEqualTo("weights-bytes");
            // a damaged cached copy is replaced by a fresh one
            Files.writeString(dir.resolve("model.safetensors"), "damaged");
            assertThat(assets.demoModel()).isEqualTo(dir);
            assertThat(Files.readString(dir.resolve("model.safetensors"))).isEqualTo("weights-bytes");
            assertThat(Files.readString(assets.demoHeldOut())).contains("#### 7");
        }
    }

    @Test
    void refusesAFileThatDoesNotMatchTheManifest() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar(true).toUri().toURL()}, null)) {
            Assets assets = new Assets(loader, tmp.resolve("data"));
            assertThatThrownBy(assets::demoModel).isInstanceOf(AssetException.class).hasMessageContaining("model.safetensors");
        }
    }

    @Test
    void usesADirectoryInPlaceAfterVerifying() throws Exception {
        Path root = tmp.resolve("classes");
        Path dir = Files.createDirectories(root.resolve(Assets.DEMO_MODEL));
        StringBuilder manifest = new StringBuilder();
        for (var e : FILES.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
            manifest.append(Assets.sha256(e.getValue().getBytes(StandardCharsets.UTF_8))).append("  ").append(e.getKey()).append('\n');
        }
        Files.writeString(dir.resolve(Assets.MANIFEST), manifest);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null)) {
            assertThat(new Assets(loader, tmp.resolve("data")).demoModel()).isEqualTo(dir);
            Files.writeString(dir.resolve("config.json"), "{}");
            assertThatThrownBy(() -> new Assets(loader, tmp.resolve("data")).demoModel()).isInstanceOf(AssetException.class);
        }
    }

    @Test
    void rejectsManifestLinesThatEscapeTheFolder() {
        assertThatThrownBy(() -> Assets.parseManifest("0".repeat(64) + "  ../etc/passwd\n")).isInstanceOf(AssetException.class);
        assertThatThrownBy(() -> Assets.parseManifest("")).isInstanceOf(AssetException.class);
    }

    @Test
    void theBundledDemoModelVerifiesWhenPresent() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Assets.class.getClassLoader().getResource(Assets.DEMO_MODEL + Assets.MANIFEST) != null,
                "no bundled demo model in this build");
        Path dir = new Assets(Assets.class.getClassLoader(), tmp).demoModel();
        assertThat(dir.resolve("model.safetensors")).isRegularFile();
        assertThat(dir.resolve("tokenizer.json")).isRegularFile();
        assertThat(Files.size(dir.resolve("model.safetensors"))).isGreaterThan(1_000_000L);
    }
}
