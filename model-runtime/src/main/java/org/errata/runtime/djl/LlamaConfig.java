package org.errata.runtime.djl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errata.runtime.api.ModelLoadException;
import org.jspecify.annotations.Nullable;

/**
 * The shape of a Llama-family decoder, mapped from a Hugging Face {@code config.json}. Llama,
 * Mistral and Qwen2 share it; Qwen2 adds biases on the Q/K/V projections. {@code slidingWindow}
 * (Mistral's {@code sliding_window}) is how many positions a token attends to, itself included;
 * 0 means all of them.
 */
public record LlamaConfig(
        String architecture,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        @Nullable RopeScaling ropeScaling,
        int vocabSize,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        String torchDtype,
        int bosTokenId,
        List<Integer> eosTokenIds,
        int slidingWindow) {

    public static final List<String> ARCHITECTURES =
            List.of("LlamaForCausalLM", "Qwen2ForCausalLM", "MistralForCausalLM");

    /** {@code rope_scaling}: {@code linear} divides all frequencies; {@code llama3} only the low ones. */
    public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
            int originalMaxPositionEmbeddings) {}

    public LlamaConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || numKvHeads <= 0 || vocabSize <= 0
                || intermediateSize <= 0 || headDim <= 0) {
            throw new IllegalArgumentException("dimensions must be positive");
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numHeads
                    + " is not a multiple of num_key_value_heads " + numKvHeads);
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim must be even: " + headDim);
        }
        if (slidingWindow < 0) {
            throw new IllegalArgumentException("sliding_window must not be negative: " + slidingWindow);
        }
    }

    /** A plain Llama config (no biases, untied embeddings unless asked), handy for tests and training. */
    public static LlamaConfig llama(int hidden, int intermediate, int layers, int heads, int kvHeads, int vocab,
            int maxPositions, boolean tied) {
        return new LlamaConfig("LlamaForCausalLM", hidden, intermediate, layers, heads, kvHeads, hidden / heads,
                1e-5, 10000.0, null, vocab, maxPositions, tied, false, "float32", 1, List.of(2), 0);
    }

    public int groups() {
        return numHeads / numKvHeads;
    }

    public int qDim() {
        return numHeads * headDim;
    }

    public int kvDim() {
        return numKvHeads * headDim;
    }

    public LlamaConfig withArchitecture(String arch, boolean bias) {
        return new LlamaConfig(arch, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim,
                rmsNormEps, ropeTheta, ropeScaling, vocabSize, maxPositionEmbeddings, tieWordEmbeddings, bias,
                torchDtype, bosTokenId, eosTokenIds, slidingWindow);
    }

    public LlamaConfig withRopeScaling(@Nullable RopeScaling scaling) {
        return new LlamaConfig(architecture, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim,
                rmsNormEps, ropeTheta, scaling, vocabSize, maxPositionEmbeddings, tieWordEmbeddings, attentionBias,
                torchDtype, bosTokenId, eosTokenIds, slidingWindow);
    }

    public LlamaConfig withTokens(int bos, List<Integer> eos) {
        return new LlamaConfig(architecture, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim,
                rmsNormEps, ropeTheta, ropeScaling, vocabSize, maxPositionEmbeddings, tieWordEmbeddings, attentionBias,
                torchDtype, bos, eos, slidingWindow);
    }

    /** This config attending to the last {@code window} positions only (0: all of them). */
    public LlamaConfig withSlidingWindow(int window) {
        return new LlamaConfig(architecture, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim,
                rmsNormEps, ropeTheta, ropeScaling, vocabSize, maxPositionEmbeddings, tieWordEmbeddings, attentionBias,
                torchDtype, bosTokenId, eosTokenIds, window);
    }

    /** Whether a query at {@code queryPosition} attends to a key at {@code keyPosition} (causal, windowed). */
    public boolean attends(int queryPosition, int keyPosition) {
        return keyPosition <= queryPosition && (slidingWindow == 0 || queryPosition - keyPosition < slidingWindow);
    }

    /** Reads {@code config.json} of a model folder. */
    public static LlamaConfig read(Path configJson) throws ModelLoadException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(configJson));
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(configJson + ": file not found", e);
        } catch (IOException e) {
            throw new ModelLoadException(configJson + ": cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException(configJson + ": not a JSON object");
        }
        return fromJson(root, configJson);
    }

    static LlamaConfig fromJson(JsonNode root, Path file) throws ModelLoadException {
        String arch = root.path("architectures").path(0).asText("");
        if (arch.isEmpty()) {
            String type = root.path("model_type").asText("");
            arch = switch (type) {
                case "llama" -> "LlamaForCausalLM";
                case "qwen2" -> "Qwen2ForCausalLM";
                case "mistral" -> "MistralForCausalLM";
                default -> type.isEmpty() ? "(none)" : type;
            };
        }
        if (!ARCHITECTURES.contains(arch)) {
            throw new ModelLoadException(file + ": architecture '" + arch + "' is not supported (supported: "
                    + String.join(", ", ARCHITECTURES) + ")");
        }
        int hidden = requireInt(root, "hidden_size", file);
        int heads = requireInt(root, "num_attention_heads", file);
        int kvHeads = root.path("num_key_value_heads").asInt(heads);
        int headDim = root.hasNonNull("head_dim") ? root.get("head_dim").asInt() : hidden / heads;
        boolean qwen = arch.equals("Qwen2ForCausalLM");
        boolean bias = qwen || root.path("attention_bias").asBoolean(false);
        boolean tied = root.path("tie_word_embeddings").asBoolean(false);
        RopeScaling scaling = null;
        JsonNode rs = root.path("rope_scaling");
        if (rs.isObject()) {
            String type = rs.path("rope_type").asText(rs.path("type").asText("default")).toLowerCase(Locale.ROOT);
            switch (type) {
                case "default" -> { }
                case "linear", "llama3" -> scaling = new RopeScaling(type, rs.path("factor").asDouble(1.0),
                        rs.path("low_freq_factor").asDouble(1.0), rs.path("high_freq_factor").asDouble(4.0),
                        rs.path("original_max_position_embeddings").asInt(8192));
                default -> throw new ModelLoadException(file + ": rope_scaling type '" + type + "' is not supported");
            }
        }
        List<Integer> eos = new ArrayList<>();
        addIds(root.path("eos_token_id"), eos);
        int window = 0;
        if (root.path("sliding_window").canConvertToInt()) {
            if (qwen) {
                // Qwen2 windows only layers from max_window_layers on, and only when use_sliding_window is set
                if (root.path("use_sliding_window").asBoolean(false)) {
                    throw new ModelLoadException(file + ": Qwen2's per-layer sliding window (use_sliding_window)"
                            + " is not supported");
                }
            } else {
                window = root.get("sliding_window").asInt();
            }
        }
        LlamaConfig c;
        try {
            c = new LlamaConfig(arch, hidden, requireInt(root, "intermediate_size", file),
                    requireInt(root, "num_hidden_layers", file), heads, kvHeads, headDim,
                    root.path("rms_norm_eps").asDouble(1e-6), root.path("rope_theta").asDouble(10000.0), scaling,
                    requireInt(root, "vocab_size", file), root.path("max_position_embeddings").asInt(2048), tied,
                    bias, root.path("torch_dtype").asText("float32"), root.path("bos_token_id").asInt(-1), eos,
                    window);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(file + ": " + e.getMessage(), e);
        }
        return c;
    }

    static void addIds(JsonNode node, List<Integer> out) {
        if (node.isArray()) {
            node.forEach(n -> {
                if (n.isInt() && !out.contains(n.asInt())) {
                    out.add(n.asInt());
                }
            });
        } else if (node.isInt() && !out.contains(node.asInt())) {
            out.add(node.asInt());
        }
    }

    private static int requireInt(JsonNode root, String key, Path file) throws ModelLoadException {
        JsonNode n = root.get(key);
        if (n == null || !n.canConvertToInt()) {
            throw new ModelLoadException(file + ": missing integer '" + key + "'");
        }
        return n.asInt();
    }

    /** The Hugging Face {@code config.json} for this config (what a trainer writes next to its weights). */
    public String toJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        o.putArray("architectures").add(architecture);
        o.put("model_type", switch (architecture) {
            case "Qwen2ForCausalLM" -> "qwen2";
            case "MistralForCausalLM" -> "mistral";
            default -> "llama";
        });
        o.put("hidden_size", hiddenSize);
        o.put("intermediate_size", intermediateSize);
        o.put("num_hidden_layers", numLayers);
        o.put("num_attention_heads", numHeads);
        o.put("num_key_value_heads", numKvHeads);
        o.put("head_dim", headDim);
        o.put("rms_norm_eps", rmsNormEps);
        o.put("rope_theta", ropeTheta);
        if (ropeScaling != null) {
            ObjectNode r = o.putObject("rope_scaling");
            r.put("rope_type", ropeScaling.type());
            r.put("factor", ropeScaling.factor());
            r.put("low_freq_factor", ropeScaling.lowFreqFactor());
            r.put("high_freq_factor", ropeScaling.highFreqFactor());
            r.put("original_max_position_embeddings", ropeScaling.originalMaxPositionEmbeddings());
        }
        o.put("vocab_size", vocabSize);
        o.put("max_position_embeddings", maxPositionEmbeddings);
        o.put("tie_word_embeddings", tieWordEmbeddings);
        if (!architecture.equals("Qwen2ForCausalLM")) {
            o.put("attention_bias", attentionBias);
        }
        o.put("torch_dtype", torchDtype);
        if (slidingWindow > 0) {
            o.put("sliding_window", slidingWindow);
        }
        if (bosTokenId >= 0) {
            o.put("bos_token_id", bosTokenId);
        }
        if (eosTokenIds.size() == 1) {
            o.put("eos_token_id", eosTokenIds.get(0));
        } else if (!eosTokenIds.isEmpty()) {
            var a = o.putArray("eos_token_id");
            eosTokenIds.forEach(a::add);
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rotary inverse frequencies (length headDim/2), with rope_scaling applied. */
    public double[] inverseFrequencies() {
        int half = headDim / 2;
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) {
            inv[i] = 1.0 / Math.pow(ropeTheta, (2.0 * i) / headDim);
        }
        if (ropeScaling == null) {
            return inv;
        }
        if (ropeScaling.type().equals("linear")) {
            for (int i = 0; i < half; i++) {
                inv[i] /= ropeScaling.factor();
            }
            return inv;
        }
        double old = ropeScaling.originalMaxPositionEmbeddings();
        double lowWavelen = old / ropeScaling.lowFreqFactor();
        double highWavelen = old / ropeScaling.highFreqFactor();
        for (int i = 0; i < half; i++) {
            double wavelen = 2 * Math.PI / inv[i];
            if (wavelen < highWavelen) {
                continue;
            }
            if (wavelen > lowWavelen) {
                inv[i] /= ropeScaling.factor();
            } else {
                double smooth = (old / wavelen - ropeScaling.lowFreqFactor())
                        / (ropeScaling.highFreqFactor() - ropeScaling.lowFreqFactor());
                inv[i] = (1 - smooth) * inv[i] / ropeScaling.factor() + smooth * inv[i];
            }
        }
        return inv;
    }
}
