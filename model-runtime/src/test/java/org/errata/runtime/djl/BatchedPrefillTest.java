package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenListener;
import org.errata.runtime.api.TokenLogprob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests admitted together are prefilled in one pass ({@link PrefillGroups}): the same text and
 * logprobs as prefilling each alone, on a Llama (GQA, RoPE scaling) and a Qwen2 (biases, tied head)
 * model, with and without a shared cached prefix.
 */
class BatchedPrefillTest {

    @TempDir
    Path dir;

    /** 13 to 16 tokens each: padding to the longest adds less than a quarter, so all go in one pass. */
    private static final List<String> PROMPTS = List.of(
            "Step 1: 12 + 30 = 42.", "Step 2: 42 - 5 = 37.", "Step 3: 37 + 8 = 45.",
            "Step 4: 45 * 2 = 90. So", "Step 5: 90 / 3 = 30.", "Step 6: 30 + 1 = 31.");

    private static RuntimeOptions options(int prefixEntries) {
        return RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(1)
                .withPrefixCacheEntries(prefixEntries);
    }

    private static List<GenerationRequest> requests(List<String> prompts) {
        List<GenerationRequest> out = new ArrayList<>();
        for (String p : prompts) {
            out.add(GenerationRequest.of(Prompt.raw(p), SamplingConfig.greedy(), 10).withTopLogprobs(2));
        }
        return out;
    }

    /** Each request alone, on a model without a prefix cache: every prompt prefilled in full, by itself. */
    private static List<Completion> alone(Path folder, List<GenerationRequest> requests) throws Exception {
        DjlLanguageModel m = DjlLanguageModel.load(folder, options(0));
        try {
            List<Completion> out = new ArrayList<>();
            for (GenerationRequest r : requests) {
                out.add(m.generate(r).first());
            }
            assertThat(m.prefillPasses()).isEqualTo(requests.size());
            return out;
        } finally {
            m.close();
        }
    }

    private static void assertSame(List<Completion> got, List<Completion> expected) {
        assertThat(got).hasSameSizeAs(expected);
        for (int i = 0; i < got.size(); i++) {
            Completion g = got.get(i);
            Completion e = expected.get(i);
            assertThat(g.text()).as("request %d", i).isEqualTo(e.text());
            assertThat(g.logprobs()).hasSameSizeAs(e.logprobs());
            for (int t = 0; t < g.logprobs().size(); t++) {
                TokenLogprob a = g.logprobs().get(t);
                TokenLogprob b = e.logprobs().get(t);
                assertThat(a.token()).isEqualTo(b.token());
                assertThat(a.logprob()).as("request %d token %d", i, t).isCloseTo(b.logprob(), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void promptsOfDifferentLengthsPrefilledInOnePassDecodeAsEachAlone() throws Exception {
        for (Path folder : List.of(TinyModels.llama(dir), TinyModels.qwen(dir))) {
            List<GenerationRequest> requests = requests(PROMPTS);
            List<Completion> expected = alone(folder, requests);
            DjlLanguageModel m = DjlLanguageModel.load(folder, options(16));
            try {
                int[] lengths = new int[requests.size()];
                for (int i = 0; i < lengths.length; i++) {
                    lengths[i] = m.encode(requests.get(i).prompt()).length;
                }
                assertThat(java.util.Arrays.stream(lengths).distinct().count()).as("lengths differ").isGreaterThan(1);
                List<GenerationResult> together = m.generateBatch(requests, TokenListener.NONE, Cancellation.none());
                assertThat(m.prefillPasses()).as("one pass for all six").isEqualTo(1);
                assertSame(together.stream().map(GenerationResult::first).toList(), expected);
                for (GenerationResult r : together) {
                    assertThat(r.timings().prefillNanos()).as("each is charged its share").isPositive();
                }
            } finally {
                m.close();
            }
        }
    }

    @Test
    void promptsContinuingOneCachedPrefixShareItInOnePass() throws Exception {
        Path folder = TinyModels.qwen(dir);
        String head = "Problem: a train leaves at 3 and arrives at 7. How long is the trip? ";
        List<String> prompts = List.of(head + "x = 41", head + "y = 52", head + "z = 63", head + "w = 74");
        List<GenerationRequest> requests = requests(prompts);
        List<Completion> expected = alone(folder, requests);
        DjlLanguageModel m = DjlLanguageModel.load(folder, options(16));
        try {
            m.generate(GenerationRequest.of(Prompt.raw(head), SamplingConfig.greedy(), 1));
            int cached = m.encode(Prompt.raw(head)).length - 1; // a hit covers at most all but the last token
            List<GenerationResult> together = m.generateBatch(requests, TokenListener.NONE, Cancellation.none());
            assertThat(m.prefillPasses()).as("the head alone, then one pass for the four").isEqualTo(2);
            for (GenerationResult r : together) {
                assertThat(r.timings().cachedPromptTokens()).isGreaterThanOrEqualTo(cached - 1).isPositive();
            }
            assertSame(together.stream().map(GenerationResult::first).toList(), expected);
        } finally {
            m.close();
        }
    }

    @Test
    void aPromptThatRepeatsAnotherWaitsAndReusesItFromThePrefixCache() throws Exception {
        Path folder = TinyModels.llama(dir);
        List<String> prompts = List.of(PROMPTS.get(0), PROMPTS.get(1), PROMPTS.get(0) + " Step 2:", PROMPTS.get(2));
        List<GenerationRequest> requests = requests(prompts);
        List<Completion> expected = alone(folder, requests);
        DjlLanguageModel m = DjlLanguageModel.load(folder, options(16));
        try {
            List<GenerationResult> together = m.generateBatch(requests, TokenListener.NONE, Cancellation.none());
            assertThat(m.prefillPasses()).as("three together, the repeat after them").isEqualTo(2);
            assertThat(together.get(2).timings().cachedPromptTokens())
                    .isEqualTo(m.encode(requests.get(0).prompt()).length);
            assertSame(together.stream().map(GenerationResult::first).toList(), expected);
        } finally {
            m.close();
        }
    }
}
