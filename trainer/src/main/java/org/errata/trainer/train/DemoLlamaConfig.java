package org.errata.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.trainer.tokenizer.DemoTokenizer;

/** The shape of the demo model, written as a Hugging Face Llama {@code config.json}. */
public record DemoLlamaConfig(
        int vocabSize,
        int hiddenSize,
        int layers,
        int heads,
        int intermediateSize,
        int maxPositions,
        float rmsNormEps,
        float ropeTheta) {

    public DemoLlamaConfig {
        if (hiddenSize % heads != 0 || (hiddenSize / heads) % 2 != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " does not split into " + heads + " even heads");
        }
    }

    public static DemoLlamaConfig demo(int vocabSize) {
        return new DemoLlamaConfig(vocabSize, 128, 4, 4, 384, DemoTokenizer.MODEL_MAX_LENGTH, 1e-5f, 10000f);
    }

    /**
     * A shape given as {@code hidden,layers,heads,intermediate} (e.g. {@code 160,5,5,480}) for this
     * vocabulary and the demo's context: how a larger model is tried without a code change.
     */
    public static DemoLlamaConfig shape(String text, int vocabSize) {
        String[] p = text.split(",");
        if (p.length != 4) {
            throw new IllegalArgumentException("a shape is hidden,layers,heads,intermediate, not '" + text + "'");
        }
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            try {
                v[i] = Integer.parseInt(p[i].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a shape is four whole numbers hidden,layers,heads,intermediate, not '" + text + "'");
            }
            if (v[i] < 1) {
                throw new IllegalArgumentException("every number of a shape must be positive: '" + text + "'");
            }
        }
        return new DemoLlamaConfig(vocabSize, v[0], v[1], v[2], v[3], DemoTokenizer.MODEL_MAX_LENGTH, 1e-5f, 10000f);
    }

    /** The runtime's view of this config, which its {@code LlamaForward} computes with. */
    public LlamaConfig toRuntime(int bos, int eos) {
        return LlamaConfig.llama(hiddenSize, intermediateSize, layers, heads, heads, vocabSize, maxPositions, false)
                .withTokens(bos, java.util.List.of(eos));
    }

    public int headDim() {
        return hiddenSize / heads;
    }

    public long parameterCount() {
        long d = hiddenSize;
        long perLayer = 4 * d * d + 3 * d * intermediateSize + 2 * d;
        return 2L * vocabSize * d + layers * perLayer + d;
    }

    public ObjectNode toHfConfig(ObjectMapper json, int bos, int eos, int pad) {
        ObjectNode c = json.createObjectNode();
        c.putArray("architectures").add("LlamaForCausalLM");
        c.put("model_type", "llama");
        c.put("vocab_size", vocabSize);
        c.put("hidden_size", hiddenSize);
        c.put("intermediate_size", intermediateSize);
        c.put("num_hidden_layers", layers);
        c.put("num_attention_heads", heads);
        c.put("num_key_value_heads", heads);
        c.put("head_dim", headDim());
        c.put("hidden_act", "silu");
        c.put("max_position_embeddings", maxPositions);
        c.put("rms_norm_eps", rmsNormEps);
        c.put("rope_theta", ropeTheta);
        c.putNull("rope_scaling");
        c.put("attention_bias", false);
        c.put("mlp_bias", false);
        c.put("tie_word_embeddings", false);
        c.put("bos_token_id", bos);
        c.put("eos_token_id", eos);
        c.put("pad_token_id", pad);
        c.put("torch_dtype", "float32");
        return c;
    }
}
