package org.errata.runtime.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.errata.runtime.api.ModelInfo;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.errata.runtime.safetensors.SafetensorsException;
import org.errata.runtime.tokenizer.ChatTemplate;
import org.jspecify.annotations.Nullable;

/**
 * Reads a Hugging Face model folder into a {@link Loaded} model: config, tokenizer, chat template,
 * end-of-sequence ids, weights on the chosen device, and its {@link ModelInfo} (the weights are
 * hashed here, once, through {@link WeightsHash}'s cache, on a thread beside the load, so
 * {@code info()} costs nothing later). On the CPU, a model's converted weights are kept in the
 * {@link WeightsCache} after its first load and memory-mapped from there on later loads.
 */
final class ModelLoader {

    /** Everything a loaded model is made of; {@code root} owns the weights. */
    record Loaded(Path folder, LlamaConfig config, HfTokenizer tokenizer, ChatTemplate template, Set<Integer> eos,
            String device, DataType dataType, NDManager root, LlamaWeights weights, ModelInfo info,
            WeightsCache.@Nullable Writing caching) {

        /** Frees the weights (once the weights cache, if it is being written, has them on disk). */
        void closeWeights() {
            if (caching != null) {
                caching.finish();
            }
            root.close();
        }
    }

    private ModelLoader() {}

    static Loaded load(Path folder, RuntimeOptions options) throws ModelLoadException {
        return load(folder, options, WeightsCache.configured(options));
    }

    /** {@link #load(Path, RuntimeOptions)} with a given weights cache (tests choose its folder and threshold). */
    static Loaded load(Path folder, RuntimeOptions options, Optional<WeightsCache> weightsCache) throws ModelLoadException {
        if (!Files.isDirectory(folder)) {
            throw new ModelLoadException("model folder not found: " + folder);
        }
        LlamaConfig config = LlamaConfig.read(folder.resolve("config.json"));
        Path tokenizerFile = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new ModelLoadException(tokenizerFile + ": file not found");
        }
        ChatTemplate.TokenizerConfig tc;
        Path tcFile = folder.resolve("tokenizer_config.json");
        try {
            tc = ChatTemplate.TokenizerConfig.read(tcFile);
        } catch (IOException e) {
            throw new ModelLoadException(tcFile + ": cannot read: " + e.getMessage(), e);
        }
        Set<Integer> eos = eosIds(folder, config);
        Engine engine = DjlEngine.ensureStarted(options.threads());
        Device dev = switch (options.device()) {
            case CPU -> Device.cpu();
            case CUDA -> {
                if (engine.getGpuCount() == 0) {
                    throw new ModelLoadException("device cuda was asked for, but the PyTorch engine sees no GPU "
                            + "(point PYTORCH_LIBRARY_PATH at a CUDA build of libtorch " + engine.getVersion() + ")");
                }
                yield Device.gpu();
            }
            case AUTO -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        };
        DataType dataType = dev.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        String device = dev.isGpu() ? "cuda:" + dev.getDeviceId() : "cpu";
        HfTokenizer tokenizer = HfTokenizer.load(tokenizerFile);
        NDManager root = NDManager.newBaseManager(dev, engine.getEngineName());
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(folder)) {
            Optional<WeightsCache> cache = dev.isGpu() ? Optional.empty() : weightsCache.filter(c -> c.wanted(config));
            String key = cache.isPresent() ? cacheKey(folder, ckpt, dataType) : null;
            Optional<WeightsCache.Hit> hit = key == null ? Optional.empty() : cache.get().open(key, config, root);
            LlamaWeights weights;
            String digest;
            WeightsCache.Writing caching = null;
            if (hit.isPresent() && hit.get().digest() != null) {
                weights = hit.get().weights();
                digest = hit.get().digest();
            } else {
                var hash = WeightsHash.inBackground(ckpt.paths());
                try {
                    weights = hit.isPresent() ? hit.get().weights() : LlamaWeights.load(config, ckpt, root, dataType);
                } catch (SafetensorsException | RuntimeException e) {
                    // the digest thread writes its cache file beside the weights: let it finish before the
                    // error returns, so that nothing writes into the folder after the caller was told
                    hash.exceptionally(t -> null).join();
                    throw e;
                }
                digest = hash.join();
                if (hit.isEmpty() && key != null) {
                    caching = cache.get().storeInBackground(key, weights, digest);
                }
            }
            ModelInfo info = new ModelInfo(folder.getFileName().toString(), "djl", config.architecture(),
                    digest, config.maxPositionEmbeddings(), device, DjlEngine.version());
            return new Loaded(folder, config, tokenizer, new ChatTemplate(tc), Set.copyOf(eos), device, dataType,
                    root, weights, info, caching);
        } catch (SafetensorsException e) {
            root.close();
            tokenizer.close();
            throw new ModelLoadException(e.getMessage(), e);
        } catch (RuntimeException e) {
            root.close();
            tokenizer.close();
            throw new ModelLoadException(folder + ": cannot load weights: " + e.getMessage(), e);
        }
    }

    /** The cache key of the folder's weights, or null (no cache) where the files cannot be looked at. */
    private static @Nullable String cacheKey(Path folder, SafetensorsCheckpoint ckpt, DataType dataType) {
        try {
            return WeightsCache.key(folder, ckpt.paths(), dataType);
        } catch (IOException e) {
            return null;
        }
    }

    private static Set<Integer> eosIds(Path folder, LlamaConfig config) throws ModelLoadException {
        Set<Integer> eos = new LinkedHashSet<>(config.eosTokenIds());
        Path gcFile = folder.resolve("generation_config.json");
        if (Files.isRegularFile(gcFile)) {
            try {
                JsonNode gc = new ObjectMapper().readTree(Files.readString(gcFile));
                List<Integer> ids = new ArrayList<>();
                LlamaConfig.addIds(gc.path("eos_token_id"), ids);
                eos.addAll(ids);
            } catch (IOException e) {
                throw new ModelLoadException(gcFile + ": cannot read: " + e.getMessage(), e);
            }
        }
        return eos;
    }
}
