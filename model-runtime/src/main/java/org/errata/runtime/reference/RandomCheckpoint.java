package org.errata.runtime.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.errata.runtime.gguf.GgufVocabulary;
import org.errata.runtime.gguf.LlamaGguf;
import org.errata.runtime.safetensors.DType;
import org.errata.runtime.safetensors.SafetensorsWriter;
import org.jspecify.annotations.Nullable;

/**
 * A Llama-family model with Gaussian random weights, reproducible from a seed: each tensor is
 * drawn from its own stream, so it can be regenerated on demand instead of kept in memory. Norm
 * weights are {@code 1 + N(0, std/2)}, everything else {@code N(0, std)}; a std near 0.2 keeps
 * next-token rankings far from flat, which makes logit comparisons meaningful.
 */
public final class RandomCheckpoint {

    private final LlamaGguf.Shape shape;
    private final long seed;
    private final double std;
    private final boolean bf16;
    private final @Nullable ObjectNode ropeScaling;

    public RandomCheckpoint(LlamaGguf.Shape shape, long seed, double std) {
        this(shape, seed, std, false, null);
    }

    private RandomCheckpoint(LlamaGguf.Shape shape, long seed, double std, boolean bf16,
                             @Nullable ObjectNode ropeScaling) {
        this.shape = shape;
        this.seed = seed;
        this.std = std;
        this.bf16 = bf16;
        this.ropeScaling = ropeScaling;
    }

    /**
     * The same checkpoint with its values rounded to bf16 and its safetensors stored as BF16 (as
     * Qwen2.5 and Llama 3.2 ship); the GGUF files then hold exactly those values.
     */
    public RandomCheckpoint inBf16() {
        return new RandomCheckpoint(shape, seed, std, true, ropeScaling);
    }

    /**
     * The same checkpoint with Llama 3's {@code rope_scaling} in its {@code config.json}. The GGUF
     * carries no {@code rope_freqs} tensor, so llama.cpp computes plain RoPE on it (the same cost).
     */
    public RandomCheckpoint withLlama3RopeScaling(double factor, double lowFreqFactor, double highFreqFactor,
                                                  int originalMaxPositions) {
        ObjectNode r = new ObjectMapper().createObjectNode();
        r.put("rope_type", "llama3");
        r.put("factor", factor);
        r.put("low_freq_factor", lowFreqFactor);
        r.put("high_freq_factor", highFreqFactor);
        r.put("original_max_position_embeddings", originalMaxPositions);
        return new RandomCheckpoint(shape, seed, std, bf16, r);
    }

    /** Bytes of the weights stored as f32. */
    public long f32Bytes() {
        return 4 * parameters();
    }

    public LlamaGguf.Shape shape() {
        return shape;
    }

    /** A small Llama (or Qwen2 with biases and tied embeddings) of the given size. */
    public static LlamaGguf.Shape shape(String architecture, int vocab, int dim, int layers, int heads, int kvHeads,
                                        int ffn) {
        return new LlamaGguf.Shape(architecture, vocab, dim, ffn, layers, heads, kvHeads, 2048, 1e-5, 10000,
                architecture.equals("qwen2"));
    }

    /** HF tensor names and row-major shapes, in file order. */
    public Map<String, int[]> tensorShapes() {
        int d = shape.hiddenSize();
        int kv = shape.kvHeads() * shape.headDim();
        int ff = shape.intermediateSize();
        Map<String, int[]> out = new LinkedHashMap<>();
        out.put("model.embed_tokens.weight", new int[] {shape.vocabSize(), d});
        for (int i = 0; i < shape.layers(); i++) {
            String p = "model.layers." + i + ".";
            out.put(p + "input_layernorm.weight", new int[] {d});
            out.put(p + "self_attn.q_proj.weight", new int[] {d, d});
            out.put(p + "self_attn.k_proj.weight", new int[] {kv, d});
            out.put(p + "self_attn.v_proj.weight", new int[] {kv, d});
            if (shape.architecture().equals("qwen2")) {
                out.put(p + "self_attn.q_proj.bias", new int[] {d});
                out.put(p + "self_attn.k_proj.bias", new int[] {kv});
                out.put(p + "self_attn.v_proj.bias", new int[] {kv});
            }
            out.put(p + "self_attn.o_proj.weight", new int[] {d, d});
            out.put(p + "post_attention_layernorm.weight", new int[] {d});
            out.put(p + "mlp.gate_proj.weight", new int[] {ff, d});
            out.put(p + "mlp.up_proj.weight", new int[] {ff, d});
            out.put(p + "mlp.down_proj.weight", new int[] {d, ff});
        }
        out.put("model.norm.weight", new int[] {d});
        if (!shape.tiedEmbeddings()) out.put("lm_head.weight", new int[] {shape.vocabSize(), d});
        return out;
    }

    public long parameters() {
        long n = 0;
        for (int[] s : tensorShapes().values()) n += numel(s);
        return n;
    }

    /** The tensor's values, row-major; the same name always gives the same values. */
    public float[] tensor(String name) {
        int[] s = tensorShapes().get(name);
        if (s == null) throw new IllegalArgumentException("no tensor " + name);
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
        float[] out = new float[(int) numel(s)];
        boolean norm = name.endsWith("norm.weight");
        for (int i = 0; i < out.length; i++) {
            double g = gaussian(random);
            float f = (float) (norm ? 1 + g * std / 2 : g * std);
            out[i] = bf16 ? Float.intBitsToFloat(SafetensorsWriter.toBf16(f) << 16) : f;
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    private static long numel(int[] s) {
        long n = 1;
        for (int x : s) n *= x;
        return n;
    }

    /**
     * Writes a Hugging Face model folder: {@code config.json}, {@code model.safetensors} (f32, or bf16),
     * and a word-level {@code tokenizer.json} whose tokens are {@link LlamaGguf#placeholderTokens}.
     */
    public void writeHuggingFace(Path dir) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper();
        boolean qwen = shape.architecture().equals("qwen2");
        ObjectNode c = json.createObjectNode();
        c.putArray("architectures").add(qwen ? "Qwen2ForCausalLM" : "LlamaForCausalLM");
        c.put("model_type", shape.architecture());
        c.put("vocab_size", shape.vocabSize());
        c.put("hidden_size", shape.hiddenSize());
        c.put("intermediate_size", shape.intermediateSize());
        c.put("num_hidden_layers", shape.layers());
        c.put("num_attention_heads", shape.heads());
        c.put("num_key_value_heads", shape.kvHeads());
        c.put("max_position_embeddings", shape.contextLength());
        c.put("rms_norm_eps", shape.rmsNormEps());
        c.put("rope_theta", shape.ropeTheta());
        c.put("tie_word_embeddings", shape.tiedEmbeddings());
        c.put("hidden_act", "silu");
        c.put("bos_token_id", 1);
        c.put("eos_token_id", 2);
        if (ropeScaling != null) c.set("rope_scaling", ropeScaling.deepCopy());
        c.put("torch_dtype", bf16 ? "bfloat16" : "float32");
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), c);

        List<String> tokens = LlamaGguf.placeholderTokens(shape.vocabSize());
        ObjectNode tok = json.createObjectNode();
        tok.put("version", "1.0");
        tok.putNull("truncation");
        tok.putNull("padding");
        tok.putArray("added_tokens");
        tok.putNull("normalizer");
        tok.putObject("pre_tokenizer").put("type", "WhitespaceSplit");
        tok.putNull("post_processor");
        tok.putNull("decoder");
        ObjectNode model = tok.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < tokens.size(); i++) vocab.put(tokens.get(i), i);
        model.put("unk_token", "<unk>");
        json.writeValue(dir.resolve("tokenizer.json").toFile(), tok);
        ObjectNode tc = json.createObjectNode();
        tc.put("bos_token", "<s>");
        tc.put("eos_token", "</s>");
        tc.put("unk_token", "<unk>");
        tc.put("add_bos_token", false);
        tc.put("chat_template", "{% for m in messages %}{{ m['content'] }} {% endfor %}");
        json.writeValue(dir.resolve("tokenizer_config.json").toFile(), tc);

        writeSafetensors(dir.resolve("model.safetensors"));
    }

    private void writeSafetensors(Path file) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        int size = bf16 ? 2 : 4;
        for (Map.Entry<String, int[]> e : tensorShapes().entrySet()) {
            w.add(e.getKey(), bf16 ? DType.BF16 : DType.F32, Arrays.stream(e.getValue()).asLongStream().toArray(), out -> {
                float[] data = tensor(e.getKey());
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < data.length; ) {
                    buf.clear();
                    int n = Math.min(data.length - i, buf.capacity() / size);
                    if (bf16) {
                        // the values are bf16 already: the upper half of each is exact
                        for (int j = 0; j < n; j++) buf.putShort((short) (Float.floatToRawIntBits(data[i + j]) >>> 16));
                    } else {
                        buf.asFloatBuffer().put(data, i, n);
                        buf.position(4 * n);
                    }
                    SafetensorsWriter.writeFully(out, buf.flip());
                    i += n;
                }
            });
        }
        w.write(file);
    }

    /** Writes the same weights as GGUF for llama.cpp. */
    public void writeGguf(Path file) throws IOException {
        writeGguf(file, false);
    }

    /** Writes the same weights as GGUF, its matrices as f16 when {@code f16}. */
    public void writeGguf(Path file, boolean f16) throws IOException {
        LlamaGguf.write(shape, this::tensor,
                GgufVocabulary.sentencePiece(LlamaGguf.placeholderTokens(shape.vocabSize())), f16, file);
    }
}
