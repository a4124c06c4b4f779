package org.errata.runtime.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Hugging Face {@code tokenizer.json} for a small byte-level BPE vocabulary: special
 * tokens first (ids 0..), then all 256 bytes (GPT-2's byte-to-character map), then one token per
 * given word (built by left-to-right merges, so {@code "\\boxed"} or {@code " answer"} become one
 * token). Any text is encodable and decodes back exactly. No regex pre-split: merges may cross
 * spaces and punctuation, which is what a math vocabulary wants.
 */
public final class ByteLevelBpeWriter {

    private ByteLevelBpeWriter() {}

    /** GPT-2's reversible map from bytes to printable characters. */
    public static char[] byteToChar() {
        char[] map = new char[256];
        boolean[] direct = new boolean[256];
        for (int b = '!'; b <= '~'; b++) direct[b] = true;
        for (int b = 0xA1; b <= 0xAC; b++) direct[b] = true;
        for (int b = 0xAE; b <= 0xFF; b++) direct[b] = true;
        int n = 0;
        for (int b = 0; b < 256; b++) {
            if (direct[b]) {
                map[b] = (char) b;
            } else {
                map[b] = (char) (256 + n++);
            }
        }
        return map;
    }

    static String encodeBytes(String text) {
        char[] map = byteToChar();
        StringBuilder sb = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            sb.append(map[b & 0xff]);
        }
        return sb.toString();
    }

    /** The tokenizer's JSON; vocabulary size is {@code specials + 256 + distinct merged words}. */
    public static String json(List<String> specialTokens, List<String> words) {
        return json(specialTokens, words, 0);
    }

    /**
     * As {@link #json(List, List)}, padded with unused special tokens {@code <extra_i>} up to
     * {@code size} entries, so that every id of a model with that vocabulary decodes.
     */
    public static String json(List<String> specialTokens, List<String> words, int size) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        Map<String, Integer> vocab = new LinkedHashMap<>();
        ArrayNode added = root.putArray("added_tokens");
        for (String s : specialTokens) {
            int id = vocab.size();
            vocab.put(s, id);
            ObjectNode t = added.addObject();
            t.put("id", id);
            t.put("content", s);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        for (char c : byteToChar()) {
            vocab.putIfAbsent(String.valueOf(c), vocab.size());
        }
        List<String> merges = new ArrayList<>();
        for (String word : words) {
            String enc = encodeBytes(word);
            if (enc.length() < 2 || vocab.containsKey(enc)) {
                continue;
            }
            String left = enc.substring(0, 1);
            for (int i = 1; i < enc.length(); i++) {
                String right = enc.substring(i, i + 1);
                String merged = left + right;
                if (!vocab.containsKey(merged)) {
                    vocab.put(merged, vocab.size());
                    merges.add(left + " " + right);
                }
                left = merged;
            }
        }
        for (int i = 0; vocab.size() < size; i++) {
            String extra = "<extra_" + i + ">";
            int id = vocab.size();
            vocab.put(extra, id);
            ObjectNode t = added.addObject();
            t.put("id", id);
            t.put("content", extra);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel");
        pre.put("add_prefix_space", false);
        pre.put("trim_offsets", false);
        pre.put("use_regex", false);
        root.putNull("post_processor");
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "ByteLevel");
        dec.put("add_prefix_space", false);
        dec.put("trim_offsets", false);
        dec.put("use_regex", false);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        ArrayNode m = model.putArray("merges");
        merges.forEach(m::add);
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #json} to a file and returns the vocabulary size. */
    public static int write(Path file, List<String> specialTokens, List<String> words) throws IOException {
        return write(file, specialTokens, words, 0);
    }

    /** Writes {@link #json(List, List, int)} to a file and returns the vocabulary size. */
    public static int write(Path file, List<String> specialTokens, List<String> words, int size) throws IOException {
        String text = json(specialTokens, words, size);
        Files.writeString(file, text);
        return new ObjectMapper().readTree(text).path("model").path("vocab").size();
    }
}
