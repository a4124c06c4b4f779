package org.errata.runtime.gguf;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;

/**
 * Converts a Hugging Face Llama-family checkpoint (f32 tensors by HF name) to a GGUF file that
 * llama.cpp loads: the {@code llama} architecture (Llama, Mistral) or {@code qwen2} (QKV biases,
 * optionally tied embeddings). For {@code llama}, the rows of Q and K are permuted from HF's
 * rotate-half RoPE layout to GGUF's interleaved one; {@code qwen2} uses NeoX-style RoPE in llama.cpp
 * and keeps HF's layout.
 */
public final class LlamaGguf {

    private LlamaGguf() {
    }

    /** The hyper-parameters GGUF needs, as named in HF {@code config.json}. */
    public record Shape(String architecture, int vocabSize, int hiddenSize, int intermediateSize, int layers,
                        int heads, int kvHeads, int contextLength, double rmsNormEps, double ropeTheta,
                        boolean tiedEmbeddings) {

        public Shape {
            if (!architecture.equals("llama") && !architecture.equals("qwen2")) {
                throw new IllegalArgumentException("GGUF export supports llama and qwen2, not " + architecture);
            }
            if (hiddenSize % heads != 0 || heads % kvHeads != 0) {
                throw new IllegalArgumentException("hidden size, heads and kv heads do not divide: "
                        + hiddenSize + ", " + heads + ", " + kvHeads);
            }
        }

        public int headDim() {
            return hiddenSize / heads;
        }

        /** Reads {@code config.json}; {@code model_type} llama, mistral or qwen2. */
        public static Shape fromConfig(JsonNode c) {
            String type = c.path("model_type").asText("llama").toLowerCase(Locale.ROOT);
            String arch = switch (type) {
                case "llama", "mistral" -> "llama";
                case "qwen2" -> "qwen2";
                default -> throw new IllegalArgumentException("unsupported model_type for GGUF export: " + type);
            };
            int heads = c.path("num_attention_heads").asInt();
            return new Shape(arch, c.path("vocab_size").asInt(), c.path("hidden_size").asInt(),
                    c.path("intermediate_size").asInt(), c.path("num_hidden_layers").asInt(), heads,
                    c.path("num_key_value_heads").asInt(heads), c.path("max_position_embeddings").asInt(2048),
                    c.path("rms_norm_eps").asDouble(1e-6), c.path("rope_theta").asDouble(10000),
                    c.path("tie_word_embeddings").asBoolean(false));
        }
    }

    /** Row-major f32 data of an HF tensor, by its HF name. */
    @FunctionalInterface
    public interface TensorSource {
        float[] read(String hfName) throws IOException;
    }

    /**
     * Writes the GGUF. {@code tokens} become {@code tokenizer.ggml.tokens} (a SentencePiece-style
     * vocabulary); pass an empty list for placeholders when callers feed token ids directly.
     */
    public static void write(Shape s, TensorSource source, List<String> tokens, Path out) throws IOException {
        write(s, source, GgufVocabulary.sentencePiece(tokens.isEmpty() ? placeholderTokens(s.vocabSize()) : tokens), out);
    }

    /** Writes the GGUF with the given tokenizer. */
    public static void write(Shape s, TensorSource source, GgufVocabulary vocabulary, Path out) throws IOException {
        write(s, source, vocabulary, false, out);
    }

    /**
     * Writes the GGUF with the given tokenizer; with {@code f16}, matrices are stored as f16 (as
     * llama.cpp's converter does with {@code --outtype f16}) and vectors stay f32.
     */
    public static void write(Shape s, TensorSource source, GgufVocabulary vocabulary, boolean f16, Path out)
            throws IOException {
        String a = s.architecture();
        GgufWriter w = new GgufWriter().matricesAsF16(f16)
                .putString("general.architecture", a)
                .putString("general.name", "errata-export")
                .putU32("general.alignment", GgufWriter.ALIGNMENT)
                .putU32(a + ".context_length", s.contextLength())
                .putU32(a + ".embedding_length", s.hiddenSize())
                .putU32(a + ".block_count", s.layers())
                .putU32(a + ".feed_forward_length", s.intermediateSize())
                .putU32(a + ".attention.head_count", s.heads())
                .putU32(a + ".attention.head_count_kv", s.kvHeads())
                .putU32(a + ".rope.dimension_count", s.headDim())
                .putU32(a + ".vocab_size", s.vocabSize())
                .putF32(a + ".attention.layer_norm_rms_epsilon", (float) s.rmsNormEps())
                .putF32(a + ".rope.freq_base", (float) s.ropeTheta());
        if (vocabulary.tokens().size() != s.vocabSize()) {
            throw new IllegalArgumentException("tokens: " + vocabulary.tokens().size() + " but vocab_size " + s.vocabSize());
        }
        vocabulary.putInto(w);

        int d = s.hiddenSize();
        int kv = s.kvHeads() * s.headDim();
        int ff = s.intermediateSize();
        boolean permute = a.equals("llama");
        w.tensor("token_embd.weight", dims(s.vocabSize(), d), load(source, "model.embed_tokens.weight"));
        for (int i = 0; i < s.layers(); i++) {
            String hf = "model.layers." + i + ".";
            String g = "blk." + i + ".";
            w.tensor(g + "attn_norm.weight", dims(d), load(source, hf + "input_layernorm.weight"));
            Supplier<float[]> q = load(source, hf + "self_attn.q_proj.weight");
            Supplier<float[]> k = load(source, hf + "self_attn.k_proj.weight");
            w.tensor(g + "attn_q.weight", dims(d, d), permute ? () -> permuteRows(q.get(), s.heads(), d) : q);
            w.tensor(g + "attn_k.weight", dims(kv, d), permute ? () -> permuteRows(k.get(), s.kvHeads(), kv) : k);
            w.tensor(g + "attn_v.weight", dims(kv, d), load(source, hf + "self_attn.v_proj.weight"));
            if (a.equals("qwen2")) {
                w.tensor(g + "attn_q.bias", dims(d), load(source, hf + "self_attn.q_proj.bias"));
                w.tensor(g + "attn_k.bias", dims(kv), load(source, hf + "self_attn.k_proj.bias"));
                w.tensor(g + "attn_v.bias", dims(kv), load(source, hf + "self_attn.v_proj.bias"));
            }
            w.tensor(g + "attn_output.weight", dims(d, d), load(source, hf + "self_attn.o_proj.weight"));
            w.tensor(g + "ffn_norm.weight", dims(d), load(source, hf + "post_attention_layernorm.weight"));
            w.tensor(g + "ffn_gate.weight", dims(ff, d), load(source, hf + "mlp.gate_proj.weight"));
            w.tensor(g + "ffn_up.weight", dims(ff, d), load(source, hf + "mlp.up_proj.weight"));
            w.tensor(g + "ffn_down.weight", dims(d, ff), load(source, hf + "mlp.down_proj.weight"));
        }
        w.tensor("output_norm.weight", dims(d), load(source, "model.norm.weight"));
        if (!s.tiedEmbeddings()) {
            w.tensor("output.weight", dims(s.vocabSize(), d), load(source, "lm_head.weight"));
        }
        try {
            w.write(out);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Converts a Hugging Face model folder ({@code config.json}, f32/f16/bf16 safetensors, a
     * byte-level BPE {@code tokenizer.json}) to one GGUF file that llama.cpp and its server load.
     */
    public static void convert(Path folder, Path out) throws IOException {
        JsonNode config = new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve("config.json").toFile());
        Shape shape = Shape.fromConfig(config);
        GgufVocabulary vocabulary = GgufVocabulary.fromHuggingFace(folder, shape.vocabSize());
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(folder)) {
            write(shape, ckpt::readFloats, vocabulary, out);
        }
    }

    /** {@code <unk>, <s>, </s>} then {@code t3, t4, ...}. */
    public static List<String> placeholderTokens(int vocabSize) {
        List<String> out = new ArrayList<>(vocabSize);
        for (int i = 0; i < vocabSize; i++) out.add(placeholderToken(i));
        return out;
    }

    /** Token {@code id} of {@link #placeholderTokens}, without building the whole vocabulary. */
    public static String placeholderToken(int id) {
        return switch (id) {
            case 0 -> "<unk>";
            case 1 -> "<s>";
            case 2 -> "</s>";
            default -> "t" + id;
        };
    }

    /** HF row-major {@code [rows, cols]} becomes GGUF dims {@code {cols, rows}}; a vector stays itself. */
    private static long[] dims(int rows, int cols) {
        return new long[] {cols, rows};
    }

    private static long[] dims(int n) {
        return new long[] {n};
    }

    private static Supplier<float[]> load(TensorSource source, String name) {
        return () -> {
            try {
                return source.read(name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /**
     * Reorders the rows of a Q or K projection ({@code rows = heads * headDim}) from HF's layout,
     * where each head's first half of rows pairs with its second half under RoPE, to GGUF's, where
     * rows {@code 2i} and {@code 2i+1} pair: new row {@code h*hd + 2i + j} is old row
     * {@code h*hd + j*hd/2 + i}.
     */
    static float[] permuteRows(float[] w, int heads, int rows) {
        int cols = w.length / rows;
        int hd = rows / heads;
        int half = hd / 2;
        float[] out = new float[w.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    int to = h * hd + 2 * i + j;
                    int from = h * hd + j * half + i;
                    System.arraycopy(w, from * cols, out, to * cols, cols);
                }
            }
        }
        return out;
    }
}
