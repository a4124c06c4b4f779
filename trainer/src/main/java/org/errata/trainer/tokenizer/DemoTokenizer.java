package org.errata.trainer.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errata.correction.engine.PromptTemplate;
import org.errata.correction.parse.Segmenters;
import org.errata.correction.recipe.Recipes;
import org.errata.trainer.data.DemoFormat;
import org.errata.trainer.data.S2rFormat;
import org.errata.trainer.data.SpocFormat;
import org.errata.trainer.data.SuperCorrectFormat;

/**
 * The demo model's tokenizer, a Hugging Face {@code WordLevel} model: the fixed phrases of the
 * trace format are whole tokens, everything else (digits, operators, letters) one character per
 * token. A {@code Split} pre-tokenizer isolates the phrases (longest first) and single characters;
 * a {@code Fuse} decoder joins tokens back without spaces, so decoding gives the exact text.
 */
public final class DemoTokenizer {

    public static final String PAD = "<|pad|>";
    public static final String UNK = "<|unk|>";
    public static final String BOS = "<|bos|>";
    public static final String END = "<|end|>";
    public static final String SYSTEM = "<|system|>";
    public static final String USER = "<|user|>";
    public static final String ASSISTANT = "<|assistant|>";
    public static final List<String> SPECIAL = List.of(PAD, UNK, BOS, END, SYSTEM, USER, ASSISTANT);

    /** Every message ends in {@code <|end|>}; the generation prompt opens an assistant message. */
    public static final String CHAT_TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "<|{{ message['role'] }}|>{{ message['content'] }}<|end|>{% endfor %}"
            + "{% if add_generation_prompt %}<|assistant|>{% endif %}";

    public static final int MODEL_MAX_LENGTH = 2048;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DemoTokenizer() {}

    /** Token text to id, in id order: specials, phrases, then single characters (the SPOC-only vocabulary). */
    public static Map<String, Integer> vocabulary() {
        return vocabulary(false);
    }

    /**
     * The vocabulary; with {@code allFormats}, the {@linkplain #formatPhrases() phrases of the other
     * formats} follow the single characters, so every id of the SPOC-only vocabulary is unchanged
     * and a SPOC-only model keeps its size.
     */
    public static Map<String, Integer> vocabulary(boolean allFormats) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String s : SPECIAL) {
            vocab.put(s, vocab.size());
        }
        for (String p : phrases()) {
            vocab.putIfAbsent(p, vocab.size());
        }
        for (String c : characters()) {
            vocab.putIfAbsent(c, vocab.size());
        }
        if (allFormats) {
            for (String p : formatPhrases()) {
                vocab.putIfAbsent(p, vocab.size());
            }
        }
        return vocab;
    }

    /**
     * The recurring text of the other formats as whole tokens: every fixed piece of the built-in
     * recipes' prompt templates (the text between placeholders, found by rendering each template
     * with a marker for every value), the pieces the engine puts around values (GSR's candidate
     * labels, the critic's paragraph tags, Self-Refine's history labels) and the fixed phrases of
     * the demo's answers. Without them the prompts, one character per token, would not fit the
     * context (see the trainer README).
     */
    public static List<String> formatPhrases() {
        java.util.LinkedHashSet<String> p = new java.util.LinkedHashSet<>();
        for (DemoFormat f : DemoFormat.values()) {
            if (f == DemoFormat.SPOC) {
                continue;
            }
            for (Map.Entry<String, String> t : Recipes.builtin(f.recipe()).prompts().entrySet()) {
                PromptTemplate template = new PromptTemplate(t.getKey(), t.getValue());
                Map<String, String> marks = new java.util.HashMap<>();
                template.variables().forEach(v -> marks.put(v, "\u0000"));
                for (String piece : template.render(marks).split("\u0000")) {
                    if (piece.length() > 2) {
                        p.add(piece);
                    }
                }
            }
        }
        // what the engine writes around values: GSR's list, the critic's tags, Self-Refine's history
        p.addAll(List.of(org.errata.correction.engine.GsrStrategy.CANDIDATE_LABEL, "<paragraph_", "</paragraph_", ">\n\n", ">\n", "Solution ", "Feedback ", ":\n"));
        p.addAll(List.of(Segmenters.RECHECK, Segmenters.TRY_AGAIN, S2rFormat.CORRECT, S2rFormat.INCORRECT, "\\boxed{"));
        p.addAll(List.of("<Step", "</Step", ">\n<", SuperCorrectFormat.KEY_CARRY, SuperCorrectFormat.KEY_BORROW,
                SuperCorrectFormat.KEY_PRODUCT, SuperCorrectFormat.GENERALIZED, "<Answer>\\boxed{", "}</Answer>",
                "<FirstError step=\"", "\"/>\n<Analysis>Step ", " should be ", ", not ", ".</Analysis>\n<Correction>",
                "</Correction>", SuperCorrectFormat.INSPECTED));
        List<String> base = phrases();
        p.removeIf(base::contains);
        return List.copyOf(p);
    }

    /** The multi-character phrases that are single tokens. */
    public static List<String> phrases() {
        List<String> p = new ArrayList<>();
        p.add(SpocFormat.QUESTION_PREFIX);
        for (int i = 1; i <= SpocFormat.MAX_STEPS; i++) {
            p.add(SpocFormat.STEP_PREFIX + i + ": ");
            p.add(SpocFormat.CHECK_PREFIX + i + ": ");
        }
        p.addAll(List.of(SpocFormat.ANSWER_PREFIX, SpocFormat.ANSWER_SUFFIX, SpocFormat.OK_MARK,
                SpocFormat.WRONG_MARK, SpocFormat.FIRST_ERROR_PREFIX, SpocFormat.VERDICT_PREFIX,
                SpocFormat.YES, SpocFormat.NO, SpocFormat.WRITTEN, " + ", " - ", " * ", " = ", "\n\n"));
        return p;
    }

    private static List<String> characters() {
        List<String> c = new ArrayList<>();
        c.add("\n");
        c.add("\t");
        c.add("\r");
        for (char ch = 32; ch < 127; ch++) {
            c.add(String.valueOf(ch));
        }
        c.add("✓");
        c.add("✗");
        c.add("×");
        c.add("÷");
        c.add("−");
        return c;
    }

    /** The pre-tokenizer's pattern: the phrases, longest first, then any single character. */
    static String splitPattern() {
        return splitPattern(false);
    }

    static String splitPattern(boolean allFormats) {
        List<String> p = new ArrayList<>(phrases());
        if (allFormats) {
            p.addAll(formatPhrases());
        }
        p.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder b = new StringBuilder();
        for (String phrase : p) {
            b.append(quote(phrase)).append('|');
        }
        return b.append("[\\s\\S]").toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("\\^$.|?*+()[]{}/".indexOf(c) >= 0) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Writes the SPOC-only {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}. */
    public static void write(Path dir) throws IOException {
        write(dir, false);
    }

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}; {@code allFormats}: with the format phrases. */
    public static void write(Path dir, boolean allFormats) throws IOException {
        Files.createDirectories(dir);
        Map<String, Integer> vocab = vocabulary(allFormats);
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String s : SPECIAL) {
            ObjectNode t = added.addObject();
            t.put("id", vocab.get(s));
            t.put("content", s);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Split");
        pre.putObject("pattern").put("Regex", splitPattern(allFormats));
        pre.put("behavior", "Isolated");
        pre.put("invert", false);
        root.putNull("post_processor");
        root.putObject("decoder").put("type", "Fuse");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        model.put("unk_token", UNK);
        JSON.writeValue(dir.resolve("tokenizer.json").toFile(), root);

        ObjectNode config = JSON.createObjectNode();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("bos_token", BOS);
        config.put("eos_token", END);
        config.put("pad_token", PAD);
        config.put("unk_token", UNK);
        config.put("add_bos_token", false);
        config.put("add_eos_token", false);
        config.put("clean_up_tokenization_spaces", false);
        config.put("model_max_length", MODEL_MAX_LENGTH);
        config.put("chat_template", CHAT_TEMPLATE);
        JSON.writeValue(dir.resolve("tokenizer_config.json").toFile(), config);
    }

    /**
     * Encodes {@code text} the way the written {@code tokenizer.json} does (special tokens and
     * phrases, longest first, else one character; unknown characters as {@code <|unk|>}), in
     * plain Java, so that training needs no native tokenizer.
     */
    public static int[] encode(String text) {
        Map<String, Integer> vocab = Vocab.MAP;
        int[] out = new int[text.length()];
        int n = 0;
        int i = 0;
        while (i < text.length()) {
            String match = null;
            for (String piece : Vocab.PIECES) {
                if (text.startsWith(piece, i)) {
                    match = piece;
                    break;
                }
            }
            if (match == null) {
                match = text.substring(i, i + 1);
            }
            out[n++] = vocab.getOrDefault(match, vocab.get(UNK));
            i += match.length();
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /**
     * The full vocabulary: a SPOC-only text encodes to the same ids under both (no format phrase
     * occurs in SPOC text; a test checks it).
     */
    private static final class Vocab {
        static final Map<String, Integer> MAP = vocabulary(true);
        /** Special tokens, then phrases longest first: the order the pre-tokenizer tries them in. */
        static final List<String> PIECES;

        static {
            List<String> phrases = new ArrayList<>(phrases());
            phrases.addAll(formatPhrases());
            phrases.sort(Comparator.comparingInt(String::length).reversed());
            List<String> pieces = new ArrayList<>(SPECIAL);
            pieces.addAll(phrases);
            PIECES = List.copyOf(pieces);
        }
    }

    /** Whether {@code id} is one of the ten digit tokens. */
    public static boolean isDigit(long id) {
        return id >= Digits.ZERO && id <= Digits.NINE;
    }

    private static final class Digits {
        static final int ZERO = Vocab.MAP.get("0");
        static final int NINE = Vocab.MAP.get("9");
    }

    /** The id of a token of the vocabulary. */
    public static int id(String token) {
        Integer id = Vocab.MAP.get(token);
        if (id == null) {
            throw new IllegalArgumentException("not a token: " + token);
        }
        return id;
    }
}
