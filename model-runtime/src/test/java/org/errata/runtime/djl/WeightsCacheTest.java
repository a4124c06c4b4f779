package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenLogprob;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.errata.runtime.safetensors.SafetensorsFile;
import org.errata.runtime.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WeightsCache}: a first load writes the converted weights, later loads map them and compute
 * exactly the same; changed weights, a damaged file and the size of the cache are handled.
 */
class WeightsCacheTest {

    @TempDir
    Path dir;

    private static final RuntimeOptions CPU = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(1);
    private static final GenerationRequest REQUEST =
            GenerationRequest.of(Prompt.raw("Step 1: 12 + 30 = 42. Step 2:"), SamplingConfig.greedy(), 12).withTopLogprobs(3);

    private WeightsCache cache() {
        return new WeightsCache(dir.resolve("cache"), 0);
    }

    private static Completion generate(Path folder, Optional<WeightsCache> cache) throws Exception {
        DjlLanguageModel m = DjlLanguageModel.load(folder, CPU, cache);
        try {
            return m.generate(REQUEST).first();
        } finally {
            m.close(); // waits for a cache file being written
        }
    }

    private List<Path> files() throws IOException {
        Path d = dir.resolve("cache");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    /** Replaces the weights' bytes with others of the same size and keeps the file's modification time. */
    private static void scrambleKeepingTime(Path folder) throws IOException {
        Path weights = folder.resolve(SafetensorsCheckpoint.SINGLE);
        FileTime time = Files.getLastModifiedTime(weights);
        long dataStart;
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            dataStart = f.fileSize() - f.tensors().values().stream().mapToLong(t -> t.byteLength()).sum();
        }
        byte[] all = Files.readAllBytes(weights);
        for (long i = dataStart + 1; i < all.length; i += 2) {
            all[(int) i] ^= 0x01; // a small change in every value: still finite, a different model
        }
        Files.write(weights, all);
        Files.setLastModifiedTime(weights, time);
    }

    private static void assertSameCompletion(Completion got, Completion expected) {
        assertThat(got.text()).isEqualTo(expected.text());
        assertThat(got.logprobs()).hasSameSizeAs(expected.logprobs());
        for (int t = 0; t < got.logprobs().size(); t++) {
            TokenLogprob a = got.logprobs().get(t);
            TokenLogprob b = expected.logprobs().get(t);
            assertThat(a.token()).isEqualTo(b.token());
            assertThat(a.logprob()).as("token %d", t).isEqualTo(b.logprob()); // the same floats, bit for bit
        }
    }

    @Test
    void aSecondLoadMapsTheConvertedWeightsAndComputesExactlyTheSame() throws Exception {
        for (Path folder : List.of(TinyModels.llama(dir), TinyModels.qwen(dir))) { // f32 untied; bf16, biases, tied
            Completion converted = generate(folder, Optional.empty());
            Completion first = generate(folder, Optional.of(cache()));
            assertSameCompletion(first, converted);
            Path file = cache().fileFor(WeightsCache.key(folder, List.of(folder.resolve(SafetensorsCheckpoint.SINGLE)),
                    ai.djl.ndarray.types.DataType.FLOAT32));
            assertThat(file).as("written by the first load").isRegularFile();
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                assertThat(f.metadata().get("digest")).matches("[0-9a-f]{64}");
                long dataStart = f.fileSize() - f.tensors().values().stream().mapToLong(t -> t.byteLength()).sum();
                assertThat(dataStart % SafetensorsWriter.ALIGN).as("data aligned for mapping").isZero();
            }

            // the model's own file now holds other values under the same name, size and time: a load
            // that maps the cache computes the first model still; one without the cache does not
            DjlLanguageModel plain = DjlLanguageModel.load(folder, CPU, Optional.empty());
            String digest = plain.info().weightsHash();
            plain.close();
            scrambleKeepingTime(folder);
            DjlLanguageModel mapped = DjlLanguageModel.load(folder, CPU, Optional.of(cache()));
            try {
                assertThat(mapped.info().weightsHash()).as("the digest recorded with the file").isEqualTo(digest);
                assertSameCompletion(mapped.generate(REQUEST).first(), converted);
            } finally {
                mapped.close();
            }
            Completion scrambled = generate(folder, Optional.empty());
            assertThat(scrambled.logprobs().get(0).logprob()).isNotEqualTo(converted.logprobs().get(0).logprob());
        }
        assertThat(files()).hasSize(2);
    }

    @Test
    void changedWeightsAreConvertedAnewAndADamagedFileIsReplaced() throws Exception {
        Path folder = TinyModels.llama(dir);
        generate(folder, Optional.of(cache()));
        Path first = files().get(0);

        Files.setLastModifiedTime(folder.resolve(SafetensorsCheckpoint.SINGLE), FileTime.fromMillis(1_000_000_000_000L));
        Completion fresh = generate(folder, Optional.empty());
        assertSameCompletion(generate(folder, Optional.of(cache())), fresh);
        assertThat(files()).as("a second file for the changed weights").hasSize(2).contains(first);

        Path second = files().stream().filter(p -> !p.equals(first)).findFirst().orElseThrow();
        long size = Files.size(second);
        try (FileChannel c = FileChannel.open(second, StandardOpenOption.WRITE)) {
            c.truncate(size / 2);
        }
        assertSameCompletion(generate(folder, Optional.of(cache())), fresh);
        assertThat(Files.size(second)).as("written whole again").isEqualTo(size);
    }

    @Test
    void keepsTheMostRecentlyUsedFiles() throws Exception {
        Path template = TinyModels.llama(dir);
        for (int i = 0; i < WeightsCache.KEEP + 2; i++) {
            Path copy = dir.resolve("copy-" + i);
            Files.createDirectories(copy);
            try (Stream<Path> s = Files.list(template)) {
                for (Path p : s.toList()) {
                    Files.copy(p, copy.resolve(p.getFileName()));
                }
            }
            generate(copy, Optional.of(cache()));
        }
        assertThat(files()).hasSize(WeightsCache.KEEP);
        Path newest = cache().fileFor(WeightsCache.key(dir.resolve("copy-" + (WeightsCache.KEEP + 1)),
                List.of(dir.resolve("copy-" + (WeightsCache.KEEP + 1)).resolve(SafetensorsCheckpoint.SINGLE)),
                ai.djl.ndarray.types.DataType.FLOAT32));
        assertThat(files()).contains(newest);
    }

    @Test
    void thePropertyNamesTheFolderOrTurnsTheCacheOff() {
        String before = System.getProperty(WeightsCache.PROPERTY);
        try {
            System.setProperty(WeightsCache.PROPERTY, "false");
            assertThat(WeightsCache.configured()).isEmpty();
            System.setProperty(WeightsCache.PROPERTY, "true");
            assertThat(WeightsCache.configured().orElseThrow().dir()).isEqualTo(CacheDirs.of("weights"));
            System.setProperty(WeightsCache.PROPERTY, dir.resolve("w").toString());
            assertThat(WeightsCache.configured().orElseThrow().dir()).isEqualTo(dir.resolve("w"));
            System.clearProperty(WeightsCache.PROPERTY);
            assertThat(WeightsCache.configured().orElseThrow().dir()).isEqualTo(CacheDirs.of("weights"));
            // a folder in the options wins over the property, whatever it says; none leaves it to the property
            org.errata.runtime.api.RuntimeOptions options = org.errata.runtime.api.RuntimeOptions.defaults();
            System.setProperty(WeightsCache.PROPERTY, "false");
            assertThat(WeightsCache.configured(options.withWeightsCache(dir.resolve("o"))).orElseThrow().dir())
                    .isEqualTo(dir.resolve("o"));
            assertThat(WeightsCache.configured(options)).isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty(WeightsCache.PROPERTY);
            } else {
                System.setProperty(WeightsCache.PROPERTY, before);
            }
        }
    }

    @Test
    void smallModelsAreNotCached() throws Exception {
        generate(TinyModels.llama(dir), Optional.of(new WeightsCache(dir.resolve("cache"), WeightsCache.MIN_BYTES)));
        assertThat(files()).isEmpty();
    }

    @Test
    void theDataOfAWrittenFileStartsAligned() throws Exception {
        Path f = dir.resolve("a.safetensors");
        new SafetensorsWriter().metadata("k", "v").add("x", new long[] {3}, new float[] {1, 2, 3}).write(f);
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertThat((s.fileSize() - 12) % SafetensorsWriter.ALIGN).isZero();
            assertThat(s.readFloats("x")).containsExactly(1, 2, 3);
        }
        // large tensors on whole 4 KiB "pages" here (2 MiB in the cache): small ones packed, gaps named
        float[] big = new float[3000];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0.5f;
        }
        Path g = dir.resolve("g.safetensors");
        new SafetensorsWriter().alignLargeTensors(4096).add("small", new long[] {3}, new float[] {1, 2, 3})
                .add("big", new long[] {3000}, big).add("tail", new long[] {1}, new float[] {7}).write(g);
        try (SafetensorsFile s = SafetensorsFile.open(g, true)) {
            long dataStart = s.fileSize() - s.tensors().values().stream().mapToLong(t -> t.byteLength()).sum();
            assertThat(dataStart % 4096).isZero();
            assertThat((dataStart + s.require("big").begin()) % 4096).as("the large tensor on a page").isZero();
            assertThat(s.tensors().keySet()).containsExactly("small", "__pad1__", "big", "tail");
            java.nio.ByteBuffer mapped = s.mapPrivate("big", 4096);
            assertThat(mapped.capacity()).isEqualTo(12000);
            assertThat(mapped.order(java.nio.ByteOrder.LITTLE_ENDIAN).getFloat(4 * 2999)).isEqualTo(1499.5f);
            assertThat(s.readFloats("tail")).containsExactly(7);
        }
    }
}
