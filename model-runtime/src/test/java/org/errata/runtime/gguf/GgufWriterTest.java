package org.errata.runtime.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errata.runtime.reference.RandomCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTest {

    @TempDir
    Path dir;

    /** A minimal independent GGUF reader: metadata as Java values, tensors as (dims, offset). */
    record Parsed(int version, Map<String, Object> metadata, Map<String, long[]> dims, Map<String, Long> offsets,
                  long dataStart, ByteBuffer file, Map<String, Integer> types) {
        float[] tensor(String name) {
            long n = 1;
            for (long d : dims.get(name)) n *= d;
            float[] out = new float[(int) n];
            ByteBuffer at = file.duplicate().order(ByteOrder.LITTLE_ENDIAN).position((int) (dataStart + offsets.get(name)));
            if (types.get(name) == 1) {
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(at.getShort());
            } else {
                at.asFloatBuffer().get(out);
            }
            return out;
        }
    }

    static Parsed parse(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        b.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("GGUF");
        int version = b.getInt();
        long tensors = b.getLong();
        long kvs = b.getLong();
        Map<String, Object> meta = new LinkedHashMap<>();
        for (long i = 0; i < kvs; i++) {
            String key = string(b);
            meta.put(key, value(b, b.getInt()));
        }
        Map<String, long[]> dims = new LinkedHashMap<>();
        Map<String, Long> offsets = new LinkedHashMap<>();
        Map<String, Integer> types = new LinkedHashMap<>();
        for (long i = 0; i < tensors; i++) {
            String name = string(b);
            long[] d = new long[b.getInt()];
            for (int j = 0; j < d.length; j++) d[j] = b.getLong();
            int type = b.getInt();
            assertThat(type).as("f32 or f16 type").isIn(0, 1);
            types.put(name, type);
            dims.put(name, d);
            offsets.put(name, b.getLong());
        }
        long start = (b.position() + 31) / 32 * 32;
        return new Parsed(version, meta, dims, offsets, start, b.rewind(), types);
    }

    private static String string(ByteBuffer b) {
        byte[] s = new byte[(int) b.getLong()];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static Object value(ByteBuffer b, int type) {
        return switch (type) {
            case 4 -> b.getInt();
            case 5 -> b.getInt();
            case 6 -> b.getFloat();
            case 7 -> b.get() != 0;
            case 8 -> string(b);
            case 9 -> {
                int element = b.getInt();
                long n = b.getLong();
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < n; i++) list.add(value(b, element));
                yield list;
            }
            default -> throw new AssertionError("unexpected type " + type);
        };
    }

    @Test
    void writesMetadataAndAlignedTensorsThatReadBack() throws IOException {
        float[] matrix = {1, 2, 3, 4, 5, 6}; // HF [2 rows, 3 cols]
        float[] odd = {7, 8, 9}; // 12 bytes: the next tensor must start on a 32-byte boundary
        Path file = dir.resolve("t.gguf");
        new GgufWriter()
                .putString("general.architecture", "llama")
                .putU32("llama.block_count", 4)
                .putF32("llama.rope.freq_base", 10000f)
                .putBool("flag", true)
                .putStrings("tokenizer.ggml.tokens", List.of("a", "bé"))
                .putI32s("ints", new int[] {3, -1})
                .tensor("odd", new long[] {3}, () -> odd)
                .tensor("m", new long[] {3, 2}, () -> matrix)
                .write(file);

        Parsed p = parse(file);
        assertThat(p.version()).isEqualTo(3);
        assertThat(p.metadata()).containsEntry("general.architecture", "llama")
                .containsEntry("llama.block_count", 4)
                .containsEntry("llama.rope.freq_base", 10000f)
                .containsEntry("flag", true)
                .containsEntry("tokenizer.ggml.tokens", List.of("a", "bé"))
                .containsEntry("ints", List.of(3, -1));
        assertThat(p.dims().get("m")).containsExactly(3, 2);
        assertThat(p.offsets().get("odd")).isZero();
        assertThat(p.offsets().get("m")).isEqualTo(32);
        assertThat(p.dataStart() % 32).isZero();
        assertThat(p.tensor("odd")).containsExactly(odd);
        assertThat(p.tensor("m")).containsExactly(matrix);
        assertThat(Files.size(file)).isEqualTo(p.dataStart() + 32 + 32);
    }

    @Test
    void matricesAsF16AreStoredAsF16AndVectorsStayF32() throws IOException {
        float[] matrix = {1.5f, -2.25f, 0.1f, 3e-3f, 70000f, 6}; // 12 bytes as f16: the vector after starts at 32
        float[] vector = {0.1f, 0.2f, 0.3f};
        Path file = dir.resolve("h.gguf");
        new GgufWriter().matricesAsF16(true)
                .tensor("m", new long[] {3, 2}, () -> matrix)
                .tensor("v", new long[] {3}, () -> vector)
                .write(file);
        Parsed p = parse(file);
        assertThat(p.types()).containsEntry("m", 1).containsEntry("v", 0);
        assertThat(p.offsets().get("v")).isEqualTo(32);
        float[] expected = new float[matrix.length];
        for (int i = 0; i < matrix.length; i++) expected[i] = Float.float16ToFloat(Float.floatToFloat16(matrix[i]));
        assertThat(p.tensor("m")).containsExactly(expected);
        assertThat(expected[2]).as("f16 rounds").isNotEqualTo(matrix[2]);
        assertThat(p.tensor("v")).containsExactly(vector);
    }

    @Test
    void rejectsDataOfTheWrongSize() {
        GgufWriter w = new GgufWriter().tensor("x", new long[] {4}, () -> new float[3]);
        assertThatThrownBy(() -> w.write(dir.resolve("bad.gguf"))).hasMessageContaining("expected 4 values, got 3");
    }

    @Test
    void permutationInterleavesEachHeadsHalves() {
        // 2 heads of dim 4, one column: row r holds r.
        float[] w = {0, 1, 2, 3, 4, 5, 6, 7};
        assertThat(LlamaGguf.permuteRows(w, 2, 8)).containsExactly(0, 2, 1, 3, 4, 6, 5, 7);
    }

    @Test
    void interleavedRopeOnPermutedRowsEqualsRotateHalfRopeOnHfRows() {
        int heads = 2;
        int hd = 8;
        int cols = 3;
        float[] w = new float[heads * hd * cols];
        for (int i = 0; i < w.length; i++) w[i] = (float) Math.sin(i * 1.7 + 0.3);
        float[] x = {0.5f, -1.25f, 2f};
        double[] hf = project(w, x, heads * hd);
        double[] gguf = project(LlamaGguf.permuteRows(w, heads, heads * hd), x, heads * hd);
        int pos = 5;
        double theta = 10000;
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < hd / 2; i++) {
                double angle = pos * Math.pow(theta, -2.0 * i / hd);
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                int a = h * hd + i;
                int b = h * hd + i + hd / 2; // HF pairs i with i + hd/2
                double hfA = hf[a] * c - hf[b] * s;
                double hfB = hf[b] * c + hf[a] * s;
                int ga = h * hd + 2 * i;
                int gb = ga + 1; // GGUF pairs 2i with 2i+1
                double gA = gguf[ga] * c - gguf[gb] * s;
                double gB = gguf[gb] * c + gguf[ga] * s;
                assertThat(gA).isCloseTo(hfA, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(gB).isCloseTo(hfB, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    private static double[] project(float[] w, float[] x, int rows) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) for (int c = 0; c < x.length; c++) out[r] += w[r * x.length + c] * x[c];
        return out;
    }

    @Test
    void llamaExportNamesTensorsAndPermutesOnlyQAndK() throws IOException {
        LlamaGguf.Shape shape = RandomCheckpoint.shape("llama", 16, 8, 1, 2, 1, 12);
        RandomCheckpoint ckpt = new RandomCheckpoint(shape, 3, 0.2);
        Path file = dir.resolve("llama.gguf");
        ckpt.writeGguf(file);
        Parsed p = parse(file);
        assertThat(p.metadata()).containsEntry("general.architecture", "llama")
                .containsEntry("llama.embedding_length", 8)
                .containsEntry("llama.attention.head_count", 2)
                .containsEntry("llama.attention.head_count_kv", 1)
                .containsEntry("llama.feed_forward_length", 12)
                .containsEntry("tokenizer.ggml.model", "llama");
        assertThat(p.dims().keySet()).contains("token_embd.weight", "blk.0.attn_q.weight", "output.weight")
                .doesNotContain("blk.0.attn_q.bias");
        assertThat(p.dims().get("token_embd.weight")).containsExactly(8, 16);
        assertThat(p.dims().get("blk.0.attn_k.weight")).containsExactly(8, 4);
        assertThat(p.dims().get("blk.0.ffn_down.weight")).containsExactly(12, 8);
        assertThat(p.tensor("blk.0.attn_v.weight")).containsExactly(ckpt.tensor("model.layers.0.self_attn.v_proj.weight"));
        float[] q = ckpt.tensor("model.layers.0.self_attn.q_proj.weight");
        float[] gq = p.tensor("blk.0.attn_q.weight");
        // head 0, hd 4: GGUF row 1 is HF row 2 (each row has 8 columns).
        assertThat(java.util.Arrays.copyOfRange(gq, 8, 16)).containsExactly(java.util.Arrays.copyOfRange(q, 16, 24));
    }

    @Test
    void qwen2ExportKeepsHfLayoutAddsBiasesAndTiesEmbeddings() throws IOException {
        LlamaGguf.Shape shape = RandomCheckpoint.shape("qwen2", 16, 8, 1, 2, 1, 12);
        RandomCheckpoint ckpt = new RandomCheckpoint(shape, 3, 0.2);
        Path file = dir.resolve("qwen2.gguf");
        ckpt.writeGguf(file);
        Parsed p = parse(file);
        assertThat(p.metadata()).containsEntry("general.architecture", "qwen2").containsKey("qwen2.block_count");
        assertThat(p.dims().keySet()).contains("blk.0.attn_q.bias", "blk.0.attn_k.bias", "blk.0.attn_v.bias")
                .doesNotContain("output.weight");
        assertThat(p.tensor("blk.0.attn_q.weight")).containsExactly(ckpt.tensor("model.layers.0.self_attn.q_proj.weight"));
        assertThat(p.tensor("blk.0.attn_k.bias")).containsExactly(ckpt.tensor("model.layers.0.self_attn.k_proj.bias"));
    }

    @Test
    void aHuggingFaceFolderWithByteLevelBpeConvertsWithItsTokenizer() throws IOException {
        Path folder = dir.resolve("hf");
        org.errata.runtime.djl.LlamaConfig config = org.errata.runtime.djl.LlamaConfig.llama(16, 24, 1, 2, 1,
                org.errata.runtime.djl.RandomModelWriter.vocabularySize() + 3, 64, false);
        org.errata.runtime.djl.RandomModelWriter.write(folder, config, 1, 0.2,
                org.errata.runtime.safetensors.DType.F32);
        Path file = dir.resolve("hf.gguf");
        LlamaGguf.convert(folder, file);
        Parsed p = parse(file);
        assertThat(p.metadata()).containsEntry("tokenizer.ggml.model", "gpt2")
                .containsEntry("tokenizer.ggml.pre", "gpt-2")
                .containsEntry("tokenizer.ggml.bos_token_id", 1)
                .containsEntry("tokenizer.ggml.eos_token_id", 4)
                .containsEntry("tokenizer.ggml.add_bos_token", false)
                .containsEntry("tokenizer.chat_template", org.errata.runtime.djl.RandomModelWriter.CHATML_TEMPLATE)
                .containsEntry("llama.vocab_size", config.vocabSize());
        @SuppressWarnings("unchecked")
        List<Object> tokens = (List<Object>) p.metadata().get("tokenizer.ggml.tokens");
        @SuppressWarnings("unchecked")
        List<Object> types = (List<Object>) p.metadata().get("tokenizer.ggml.token_type");
        @SuppressWarnings("unchecked")
        List<Object> merges = (List<Object>) p.metadata().get("tokenizer.ggml.merges");
        assertThat(tokens).hasSize(config.vocabSize()).startsWith("<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>")
                .contains("\u0120answer", "\\boxed{").endsWith("<extra_2>");
        assertThat(types.subList(0, 5)).containsOnly(GgufVocabulary.CONTROL);
        assertThat(types.get(tokens.indexOf("\u0120answer"))).isEqualTo(GgufVocabulary.NORMAL);
        assertThat(types.getLast()).as("padding tokens are control tokens").isEqualTo(GgufVocabulary.CONTROL);
        assertThat(merges).contains("\u0120answe r");
        try (var ckpt = org.errata.runtime.safetensors.SafetensorsCheckpoint.open(folder)) {
            assertThat(p.tensor("output.weight")).containsExactly(ckpt.readFloats("lm_head.weight"));
        }
    }

    @Test
    void aWordLevelTokenizerIsRefusedNamingTheFile() throws IOException {
        Path folder = dir.resolve("words");
        new RandomCheckpoint(RandomCheckpoint.shape("llama", 16, 8, 1, 2, 1, 12), 3, 0.2).writeHuggingFace(folder);
        assertThatThrownBy(() -> LlamaGguf.convert(folder, dir.resolve("w.gguf")))
                .hasMessageContaining("tokenizer.json").hasMessageContaining("WordLevel tokenizer has no GGUF form");
    }
}
