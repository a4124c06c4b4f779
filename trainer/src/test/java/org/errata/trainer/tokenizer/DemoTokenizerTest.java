package org.errata.trainer.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.errata.trainer.data.SpocTrace;
import org.errata.trainer.data.TraceGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTokenizerTest {

    @TempDir
    Path dir;

    private HuggingFaceTokenizer load() throws Exception {
        DemoTokenizer.write(dir);
        return HuggingFaceTokenizer.builder()
                .optTokenizerPath(dir.resolve("tokenizer.json"))
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build();
    }

    @Test
    void tracesRoundTripExactlyAndUsePhraseTokens() throws Exception {
        try (HuggingFaceTokenizer tokenizer = load()) {
            TraceGenerator traces = new TraceGenerator(7, 0.5, Set.of());
            Map<String, Integer> vocab = DemoTokenizer.vocabulary();
            for (int i = 0; i < 50; i++) {
                SpocTrace t = traces.next();
                String text = DemoTokenizer.BOS + DemoTokenizer.USER + t.userMessage() + DemoTokenizer.END
                        + DemoTokenizer.ASSISTANT + t.assistantMessage() + DemoTokenizer.END;
                Encoding e = tokenizer.encode(text);
                assertThat(tokenizer.decode(e.getIds(), false)).isEqualTo(text);
                assertThat(e.getIds()).doesNotContain((long) vocab.get(DemoTokenizer.UNK));
                assertThat(e.getIds().length).isLessThan(text.length() / 2);
                // the plain-Java encoder the trainer uses gives the same ids as the written tokenizer.json
                long[] plain = java.util.Arrays.stream(DemoTokenizer.encode(text)).asLongStream().toArray();
                assertThat(plain).containsExactly(e.getIds());
            }
        }
    }

    @Test
    void phrasesAreSingleTokensAndDigitsAreSeparate() throws Exception {
        try (HuggingFaceTokenizer tokenizer = load()) {
            Map<String, Integer> vocab = DemoTokenizer.vocabulary();
            String text = "Check step 2: 42 * 3 = 126 ✗\nVerification: Is the answer correct (Yes/No)? No";
            long[] ids = tokenizer.encode(text).getIds();
            long[] expected = java.util.stream.Stream.of(
                    "Check step 2: ", "4", "2", " * ", "3", " = ", "1", "2", "6", " ✗", "\n",
                    "Verification: Is the answer correct (Yes/No)? ", "No")
                    .mapToLong(vocab::get).toArray();
            assertThat(ids).containsExactly(expected);
            long[] special = tokenizer.encode("<|user|>What is 1 + 2?<|end|>").getIds();
            assertThat(special[0]).isEqualTo((long) vocab.get(DemoTokenizer.USER));
            assertThat(special[special.length - 1]).isEqualTo((long) vocab.get(DemoTokenizer.END));
        }
    }

    @Test
    void arbitraryAsciiTextRoundTrips() throws Exception {
        try (HuggingFaceTokenizer tokenizer = load()) {
            String text = "Solve: x^2 - {3/4} = [y] \\frac{1}{2}  tabs\tand (Yes/No)? done. é";
            assertThat(tokenizer.decode(tokenizer.encode(text).getIds(), false)).isEqualTo(text.replace("é", "<|unk|>"));
            long[] plain = java.util.Arrays.stream(DemoTokenizer.encode(text)).asLongStream().toArray();
            assertThat(plain).containsExactly(tokenizer.encode(text).getIds());
        }
    }
}
