package org.errata.runtime.gguf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The tokenizer part of a GGUF file ({@code tokenizer.ggml.*}): a SentencePiece-style vocabulary
 * ({@code llama}) or a byte-level BPE one ({@code gpt2}: tokens in GPT-2's byte-to-character
 * alphabet, plus merges). Token types follow llama.cpp: 1 normal, 3 control.
 *
 * <p>GGUF has no word-level tokenizer, so a Hugging Face {@code WordLevel} tokenizer cannot be
 * expressed; {@link #fromHuggingFace} refuses it. GGUF also has no byte-level BPE without a
 * pre-split: llama.cpp splits text with GPT-2's regex ({@code pre = "gpt-2"}) before merging, so
 * a merge that crosses a word boundary (Errata's {@code " = "}) is not formed there. Any text
 * still encodes and decodes back exactly; only token counts can differ a little.
 */
public record GgufVocabulary(String model, @Nullable String pre, List<String> tokens, List<Integer> types,
                             List<String> merges, int bos, int eos, boolean addBos, @Nullable String chatTemplate) {

    public static final int NORMAL = 1;
    public static final int CONTROL = 3;

    public GgufVocabulary {
        tokens = List.copyOf(tokens);
        types = List.copyOf(types);
        merges = List.copyOf(merges);
        if (types.size() != tokens.size()) {
            throw new IllegalArgumentException("token types: " + types.size() + " for " + tokens.size() + " tokens");
        }
        if (!model.equals("llama") && !model.equals("gpt2")) {
            throw new IllegalArgumentException("GGUF tokenizer model must be llama or gpt2, not " + model);
        }
    }

    /** A SentencePiece-style vocabulary with zero scores: ids 0-2 are unk, bos, eos (control). */
    public static GgufVocabulary sentencePiece(List<String> tokens) {
        List<Integer> types = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) types.add(i < 3 ? CONTROL : NORMAL);
        return new GgufVocabulary("llama", null, tokens, types, List.of(), 1, 2, false, null);
    }

    /**
     * Reads a byte-level BPE {@code tokenizer.json} and {@code tokenizer_config.json} (bos and eos
     * tokens, chat template, {@code add_bos_token}); added tokens marked special become control
     * tokens. {@code vocabSize} is the model's: ids the tokenizer lacks are refused.
     *
     * @throws IOException naming the file, for a tokenizer GGUF cannot express
     */
    public static GgufVocabulary fromHuggingFace(Path folder, int vocabSize) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Path file = folder.resolve("tokenizer.json");
        JsonNode tok = json.readTree(file.toFile());
        JsonNode model = tok.path("model");
        String type = model.path("type").asText("");
        if (!type.equals("BPE") || !tok.path("decoder").path("type").asText("").equals("ByteLevel")) {
            throw new IOException(file + ": a " + (type.isEmpty() ? "typeless" : type)
                    + " tokenizer has no GGUF form (only byte-level BPE converts)");
        }
        String[] byId = new String[vocabSize];
        Set<String> special = new HashSet<>();
        for (Map.Entry<String, JsonNode> e : model.path("vocab").properties()) {
            put(byId, e.getValue().asInt(), e.getKey(), file);
        }
        for (JsonNode added : tok.path("added_tokens")) {
            put(byId, added.path("id").asInt(), added.path("content").asText(), file);
            if (added.path("special").asBoolean(false)) special.add(added.path("content").asText());
        }
        List<String> tokens = new ArrayList<>(vocabSize);
        List<Integer> types = new ArrayList<>(vocabSize);
        for (int i = 0; i < vocabSize; i++) {
            if (byId[i] == null) throw new IOException(file + ": no token has id " + i + " (vocab_size " + vocabSize + ")");
            tokens.add(byId[i]);
            types.add(special.contains(byId[i]) ? CONTROL : NORMAL);
        }
        List<String> merges = new ArrayList<>();
        for (JsonNode m : model.path("merges")) {
            merges.add(m.isArray() ? m.get(0).asText() + " " + m.get(1).asText() : m.asText());
        }
        Path configFile = folder.resolve("tokenizer_config.json");
        JsonNode config = Files.exists(configFile) ? json.readTree(configFile.toFile()) : json.createObjectNode();
        int bos = idOf(tokens, tokenText(config.path("bos_token")));
        int eos = idOf(tokens, tokenText(config.path("eos_token")));
        String template = config.hasNonNull("chat_template") && config.get("chat_template").isTextual()
                ? config.get("chat_template").asText() : null;
        return new GgufVocabulary("gpt2", "gpt-2", tokens, types, merges, bos, eos,
                config.path("add_bos_token").asBoolean(false), template);
    }

    private static void put(String[] byId, int id, String token, Path file) throws IOException {
        if (id < 0 || id >= byId.length) {
            throw new IOException(file + ": token " + token + " has id " + id + ", outside the model's " + byId.length);
        }
        byId[id] = token;
    }

    /** A token in tokenizer_config.json is a string or an AddedToken object with "content". */
    private static @Nullable String tokenText(JsonNode node) {
        if (node.isTextual()) return node.asText();
        if (node.isObject() && node.path("content").isTextual()) return node.get("content").asText();
        return null;
    }

    private static int idOf(List<String> tokens, @Nullable String token) {
        return token == null ? -1 : tokens.indexOf(token);
    }

    /** Adds the {@code tokenizer.*} keys. */
    void putInto(GgufWriter w) {
        w.putString("tokenizer.ggml.model", model);
        if (pre != null) w.putString("tokenizer.ggml.pre", pre);
        w.putStrings("tokenizer.ggml.tokens", tokens);
        int[] t = types.stream().mapToInt(Integer::intValue).toArray();
        if (model.equals("llama")) {
            w.putF32s("tokenizer.ggml.scores", new float[tokens.size()]);
        }
        w.putI32s("tokenizer.ggml.token_type", t);
        if (!merges.isEmpty()) w.putStrings("tokenizer.ggml.merges", merges);
        if (model.equals("gpt2")) {
            if (bos >= 0) w.putU32("tokenizer.ggml.bos_token_id", bos);
            if (eos >= 0) w.putU32("tokenizer.ggml.eos_token_id", eos);
            w.putBool("tokenizer.ggml.add_bos_token", addBos);
        }
        if (chatTemplate != null) w.putString("tokenizer.chat_template", chatTemplate);
    }

    @Override
    public String toString() {
        return "GgufVocabulary[" + model + ", " + tokens.size() + " tokens, " + merges.size() + " merges, bos " + bos
                + ", eos " + eos + "]";
    }
}
