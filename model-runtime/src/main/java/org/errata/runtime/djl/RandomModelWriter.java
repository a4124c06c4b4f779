package org.errata.runtime.djl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.errata.runtime.safetensors.DType;
import org.errata.runtime.safetensors.SafetensorsWriter;
import org.errata.runtime.tokenizer.ByteLevelBpeWriter;

/**
 * Writes a complete Hugging Face model folder with random weights: {@code config.json},
 * {@code model.safetensors}, a byte-level BPE {@code tokenizer.json}, {@code tokenizer_config.json}
 * with a ChatML template, and {@code generation_config.json}. For tests and benchmarks of the
 * runtime; weights are drawn with the given standard deviation (norm weights around 1).
 */
public final class RandomModelWriter {

    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";
    public static final List<String> SPECIALS = List.of("<unk>", BOS, EOS, IM_START, IM_END);

    /** Words that become single tokens: math notation a demo model wants. */
    public static final List<String> MATH_WORDS = List.of("\\boxed{", "\\frac{", "\\sqrt{", "\\cdot", "Step",
            " answer", " is", " the", "The", " = ", " + ", " - ", " * ", "user", "assistant", "system", "\n\n",
            "Answer:", "Correct", "Incorrect", " step", "10", "00");

    /** A ChatML template (the Qwen2 format). */
    public static final String CHATML_TEMPLATE = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + "
            + "'\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private RandomModelWriter() {}

    /** The vocabulary size {@link #write} produces with {@link #MATH_WORDS}. */
    public static int vocabularySize() {
        try {
            return new ObjectMapper().readTree(ByteLevelBpeWriter.json(SPECIALS, MATH_WORDS))
                    .path("model").path("vocab").size();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the folder. The config's vocabulary must be at least {@link #vocabularySize()};
     * bos is token 1 and eos tokens 2 and 4 ({@code </s>}, {@code <|im_end|>}).
     */
    public static void write(Path folder, LlamaConfig config, long seed, double std, DType dtype) throws IOException {
        Files.createDirectories(folder);
        int vocab = ByteLevelBpeWriter.write(folder.resolve("tokenizer.json"), SPECIALS, MATH_WORDS,
                config.vocabSize());
        if (config.vocabSize() < vocab) {
            throw new IllegalArgumentException("vocab_size " + config.vocabSize() + " < tokenizer's " + vocab);
        }
        LlamaConfig c = config.withTokens(1, List.of(2, 4));
        Files.writeString(folder.resolve("config.json"), c.toJson());
        ObjectMapper json = new ObjectMapper();
        ObjectNode tc = json.createObjectNode();
        tc.put("bos_token", BOS);
        tc.put("eos_token", IM_END);
        tc.put("chat_template", CHATML_TEMPLATE);
        tc.put("model_max_length", c.maxPositionEmbeddings());
        Files.writeString(folder.resolve("tokenizer_config.json"), json.writeValueAsString(tc));
        ObjectNode gc = json.createObjectNode();
        gc.put("bos_token_id", 1);
        gc.putArray("eos_token_id").add(2).add(4);
        Files.writeString(folder.resolve("generation_config.json"), json.writeValueAsString(gc));
        writeWeights(folder.resolve("model.safetensors"), c, seed, std, dtype);
    }

    /** Writes random weights for every tensor of {@code c}. */
    public static void writeWeights(Path file, LlamaConfig c, long seed, double std, DType dtype) throws IOException {
        Random random = new Random(seed);
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", "pt");
        for (String name : LlamaWeights.Names.all(c)) {
            long[] shape = LlamaWeights.Names.shape(c, name);
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            float[] data = new float[Math.toIntExact(n)];
            boolean norm = name.endsWith("norm.weight");
            for (int i = 0; i < data.length; i++) {
                double g = random.nextGaussian();
                data[i] = (float) (norm ? 1 + 0.1 * g : std * g);
            }
            w.add(name, dtype, shape, data);
        }
        w.write(file);
    }
}
