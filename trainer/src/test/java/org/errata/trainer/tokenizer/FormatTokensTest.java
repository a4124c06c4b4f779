package org.errata.trainer.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.errata.trainer.data.ChatExample;
import org.errata.trainer.data.DemoFormat;
import org.errata.trainer.data.EngineTranscript;
import org.errata.trainer.data.ProblemGenerator;
import org.errata.trainer.data.Slips;
import org.errata.trainer.data.TraceGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every format's calls fit the context, and the all-formats tokenizer.json encodes them as the trainer does. */
class FormatTokensTest {

    @TempDir
    Path dir;

    /** A call as the chat template renders it, with the answer and the closing token. */
    static String rendered(ChatExample e) {
        StringBuilder b = new StringBuilder(DemoTokenizer.BOS);
        e.prompt().forEach(m -> b.append("<|").append(m.role().wireName()).append("|>").append(m.content()).append(DemoTokenizer.END));
        return b.append(DemoTokenizer.ASSISTANT).append(e.completion()).append(DemoTokenizer.END).toString();
    }

    /** Calls of every format, with slips at a higher rate than training uses (longer traces). */
    static Map<DemoFormat, List<ChatExample>> samples(int perFormat) {
        Map<DemoFormat, List<ChatExample>> out = new EnumMap<>(DemoFormat.class);
        TraceGenerator spoc = new TraceGenerator(9, 0.8, 0.5, Set.of());
        out.put(DemoFormat.SPOC, java.util.stream.Stream.generate(() -> ChatExample.of(spoc.next())).limit(perFormat).toList());
        for (DemoFormat f : DemoFormat.values()) {
            if (f == DemoFormat.SPOC) {
                continue;
            }
            ProblemGenerator problems = new ProblemGenerator(f.ordinal());
            Slips slips = new Slips(new SplittableRandom(f.ordinal()), 0.8, 0.5);
            List<ChatExample> calls = new java.util.ArrayList<>();
            for (int i = 0; i < perFormat; i++) {
                calls.addAll(EngineTranscript.run(f, problems.next(), slips).examples());
            }
            out.put(f, calls);
        }
        return out;
    }

    @Test
    void everyCallOfEveryFormatFitsTheContext() {
        Map<DemoFormat, Integer> longest = new EnumMap<>(DemoFormat.class);
        samples(120).forEach((f, calls) -> longest.put(f, calls.stream()
                .mapToInt(e -> DemoTokenizer.encode(rendered(e)).length).max().orElseThrow()));
        assertThat(longest).hasSize(DemoFormat.values().length);
        assertThat(longest.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(DemoTokenizer.MODEL_MAX_LENGTH));
    }

    @Test
    void theAllFormatsTokenizerJsonEncodesEveryFormatAsTheTrainerDoes() throws Exception {
        DemoTokenizer.write(dir, true);
        Map<String, Integer> vocab = DemoTokenizer.vocabulary(true);
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder().optTokenizerPath(dir.resolve("tokenizer.json"))
                .optAddSpecialTokens(false).optTruncation(false).optPadding(false).build()) {
            for (List<ChatExample> calls : samples(3).values()) {
                for (ChatExample e : calls) {
                    String text = rendered(e);
                    Encoding enc = tokenizer.encode(text);
                    assertThat(tokenizer.decode(enc.getIds(), false)).isEqualTo(text);
                    assertThat(enc.getIds()).doesNotContain((long) vocab.get(DemoTokenizer.UNK));
                    long[] plain = java.util.Arrays.stream(DemoTokenizer.encode(text)).asLongStream().toArray();
                    assertThat(plain).containsExactly(enc.getIds());
                }
            }
        }
    }

    @Test
    void spocTextUsesOnlyTheSpocVocabularyWhoseIdsTheFormatPhrasesLeaveUnchanged() {
        Map<String, Integer> spoc = DemoTokenizer.vocabulary(false);
        Map<String, Integer> all = DemoTokenizer.vocabulary(true);
        spoc.forEach((token, id) -> assertThat(all.get(token)).isEqualTo(id));
        assertThat(all.size()).isGreaterThan(spoc.size());
        for (ChatExample e : samples(40).get(DemoFormat.SPOC)) {
            assertThat(java.util.Arrays.stream(DemoTokenizer.encode(rendered(e))).max().orElseThrow()).isLessThan(spoc.size());
        }
        // a recipe's fixed prompt text is one token
        String system = EngineTranscript.recipe(DemoFormat.S2R).prompts().get("s2r.system");
        assertThat(DemoTokenizer.encode(system)).hasSize(1);
    }
}
