package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenEvent;
import org.errata.runtime.api.TokenLogprob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlLanguageModelTest {

    private static final RuntimeOptions CPU = RuntimeOptions.defaults()
            .withDevice(RuntimeOptions.Device.CPU).withThreads(1);

    private Path dir;
    private Path llamaDir;
    private Path qwenDir;
    private LanguageModel llama;
    private LanguageModel qwen;

    @BeforeAll
    void load(@TempDir Path tmp) throws Exception {
        dir = tmp;
        llamaDir = TinyModels.llama(dir);
        qwenDir = TinyModels.qwen(dir);
        llama = LanguageModels.open(llamaDir.toString(), CPU.withPrefixCacheEntries(0));
        qwen = LanguageModels.open(qwenDir.toString(), CPU.withPrefixCacheEntries(0));
    }

    @AfterAll
    void close() {
        llama.close();
        qwen.close();
    }

    private static GenerationRequest greedy(String prompt, int maxTokens) {
        return GenerationRequest.of(Prompt.raw(prompt), SamplingConfig.greedy(), maxTokens);
    }

    @Test
    void llamaAndQwenLoadAndGenerate() throws Exception {
        for (LanguageModel m : List.of(llama, qwen)) {
            List<TokenEvent> events = new ArrayList<>();
            GenerationResult r = m.generate(greedy("Step 1: 12 + 30 = ", 12), events::add, Cancellation.none());
            Completion c = r.first();
            assertThat(c.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
            assertThat(c.completionTokens()).isBetween(1, 12);
            assertThat(r.promptTokens()).isEqualTo(m.countTokens("Step 1: 12 + 30 = "));
            assertThat(String.join("", events.stream().map(TokenEvent::text).toList())).isEqualTo(c.text());
            assertThat(r.timings().prefillNanos()).isPositive();
        }
        assertThat(llama.info().architecture()).isEqualTo("LlamaForCausalLM");
        assertThat(qwen.info().architecture()).isEqualTo("Qwen2ForCausalLM");
        assertThat(llama.info().weightsHash()).hasSize(64);
        assertThat(llama.info().weightsHash()).isNotEqualTo(qwen.info().weightsHash());
    }

    @Test
    void greedyWithKvCacheEqualsRecomputingEveryStepWithoutIt() throws Exception {
        for (Path folder : List.of(llamaDir, qwenDir)) {
            DjlLanguageModel m = DjlLanguageModel.load(folder, CPU.withPrefixCacheEntries(0));
            try {
                String prompt = "The answer is \\boxed{";
                int[] ids = m.encode(Prompt.raw(prompt));
                ReferenceLlama ref = new ReferenceLlama(folder);
                List<Integer> seq = new ArrayList<>();
                for (int id : ids) {
                    seq.add(id);
                }
                List<Integer> generated = new ArrayList<>();
                for (int step = 0; step < 24; step++) {
                    float[][] logits = ref.logits(seq.stream().mapToInt(Integer::intValue).toArray());
                    float[] last = logits[logits.length - 1];
                    int next = Sampler.argMax(last, 0, last.length);
                    if (next == 2 || next == 4) {
                        break;
                    }
                    generated.add(next);
                    seq.add(next);
                }
                HfTokenizer tok = HfTokenizer.load(folder.resolve("tokenizer.json"));
                String expected = tok.decode(generated.stream().mapToInt(Integer::intValue).toArray(), 0,
                        generated.size());
                tok.close();
                Completion c = m.generate(greedy(prompt, 24)).first();
                assertThat(c.text()).isEqualTo(expected);
                assertThat(generated).isNotEmpty();
            } finally {
                m.close();
            }
        }
    }

    @Test
    void nSamplesInOneBatchEqualSingleRunsAtSeedPlusI() throws Exception {
        SamplingConfig sampling = new SamplingConfig(1.0, 0, 1, 0, 42);
        GenerationRequest req = new GenerationRequest(Prompt.raw("Step 2: 7 * 8"), sampling, 20, List.of(), 4, -1);
        GenerationResult batched = llama.generate(req);
        assertThat(batched.completions()).hasSize(4);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            GenerationResult single = llama.generate(req.withN(1).withSampling(sampling.withSeed(42 + i)));
            texts.add(single.first().text());
            assertThat(batched.completions().get(i).text()).isEqualTo(single.first().text());
            assertThat(batched.completions().get(i).index()).isEqualTo(i);
        }
        assertThat(texts.stream().distinct().count()).as("samples differ").isGreaterThan(1);
    }

    @Test
    void independentRequestsDecodedTogetherEqualSeparateRuns() throws Exception {
        List<GenerationRequest> requests = List.of(
                greedy("1 + 1 = ", 10),
                new GenerationRequest(Prompt.raw("The answer is a much longer prompt than the others"),
                        SamplingConfig.temperature(0.8, 7), 14, List.of(), 2, -1),
                greedy("Step", 6));
        List<TokenEvent> events = new ArrayList<>();
        List<GenerationResult> together = qwen.generateBatch(requests, events::add, Cancellation.none());
        for (int i = 0; i < requests.size(); i++) {
            GenerationResult alone = qwen.generate(requests.get(i));
            for (int s = 0; s < alone.completions().size(); s++) {
                assertThat(together.get(i).completions().get(s).text()).isEqualTo(alone.completions().get(s).text());
            }
            int request = i;
            String streamed = String.join("", events.stream()
                    .filter(e -> e.request() == request && e.sample() == 0).map(TokenEvent::text).toList());
            assertThat(streamed).isEqualTo(together.get(i).first().text());
        }
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<GenerationResult>> futures = new ArrayList<>();
            List<String> prompts = List.of("2 + 2 = ", "The answer is", "Step 3:");
            for (String p : prompts) {
                futures.add(pool.submit(() -> llama.generate(greedy(p, 8))));
            }
            for (int i = 0; i < prompts.size(); i++) {
                assertThat(futures.get(i).get(60, TimeUnit.SECONDS).first().text())
                        .isEqualTo(llama.generate(greedy(prompts.get(i), 8)).first().text());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPrefixCacheHitGivesTheSameTokensAsAColdRun() throws Exception {
        try (LanguageModel warm = LanguageModels.open(llamaDir.toString(), CPU.withPrefixCacheEntries(4))) {
            Prompt first = Prompt.chat(ChatMessage.user("What is 12 + 30?"));
            GenerationResult r1 = warm.generate(GenerationRequest.of(first, SamplingConfig.greedy(), 12));
            assertThat(r1.timings().cachedPromptTokens()).isZero();
            Prompt second = Prompt.chat(ChatMessage.user("What is 12 + 30?"),
                    ChatMessage.assistant(r1.first().text()), ChatMessage.user("Check step 1."));
            GenerationRequest req2 = GenerationRequest.of(second, SamplingConfig.greedy(), 12);
            GenerationResult hit = warm.generate(req2);
            GenerationResult cold = llama.generate(req2);
            assertThat(hit.timings().cachedPromptTokens()).isGreaterThan(warm.countTokens(warm.render(first)) - 2);
            assertThat(cold.timings().cachedPromptTokens()).isZero();
            assertThat(hit.first().text()).isEqualTo(cold.first().text());
            assertThat(hit.promptTokens()).isEqualTo(cold.promptTokens());
        }
    }

    @Test
    void stopStringsCutTheTextAndNothingPastThemIsStreamed() throws Exception {
        String full = qwen.generate(greedy("1 + 2 = ", 30)).first().text();
        assertThat(full.length()).isGreaterThan(6);
        String stop = full.substring(3, 5);
        List<TokenEvent> events = new ArrayList<>();
        Completion c = qwen.generate(greedy("1 + 2 = ", 30).withStop(List.of(stop)), events::add,
                Cancellation.none()).first();
        assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(c.text()).isEqualTo(full.substring(0, full.indexOf(stop)));
        assertThat(String.join("", events.stream().map(TokenEvent::text).toList())).isEqualTo(c.text());
    }

    @Test
    void cancellingBetweenTokensEndsTheCompletion() throws Exception {
        Cancellation cancel = new Cancellation();
        CountDownLatch three = new CountDownLatch(3);
        Completion c = llama.generate(greedy("Step 1:", 200), e -> {
            three.countDown();
            if (three.getCount() == 0) {
                cancel.cancel();
            }
        }, cancel).first();
        assertThat(c.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(c.completionTokens()).isEqualTo(3);
    }

    @Test
    void logprobsListTheChosenTokenAndTheTopAlternatives() throws Exception {
        Completion c = llama.generate(greedy("7 * 8 = ", 5).withTopLogprobs(3)).first();
        assertThat(c.logprobs()).hasSize(c.completionTokens());
        for (TokenLogprob lp : c.logprobs()) {
            assertThat(lp.logprob()).isLessThanOrEqualTo(0);
            assertThat(lp.top()).hasSize(3);
            assertThat(lp.top().get(0).logprob()).isEqualTo(lp.logprob());
            assertThat(lp.top().get(0).logprob()).isGreaterThanOrEqualTo(lp.top().get(1).logprob());
            assertThat(lp.top().get(1).logprob()).isGreaterThanOrEqualTo(lp.top().get(2).logprob());
        }
    }

    @Test
    void theSameSeedGivesTheSameOutput() throws Exception {
        GenerationRequest r = GenerationRequest.of(Prompt.raw("The"), new SamplingConfig(0.9, 40, 0.95, 0.02, 5), 20);
        assertThat(qwen.generate(r).first().text()).isEqualTo(qwen.generate(r).first().text());
        java.util.Set<String> outs = ConcurrentHashMap.newKeySet();
        for (long seed = 0; seed < 4; seed++) {
            outs.add(qwen.generate(r.withSampling(r.sampling().withSeed(seed))).first().text());
        }
        assertThat(outs.size()).isGreaterThan(1);
    }

    @Test
    void chatPromptsUseTheTemplate() throws Exception {
        Prompt p = Prompt.chat(ChatMessage.system("Be brief."), ChatMessage.user("2+2?"));
        assertThat(llama.render(p)).isEqualTo(
                "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n");
        Prompt cont = new Prompt.Chat(List.of(ChatMessage.user("2+2?"), ChatMessage.assistant("Step 1:")), true);
        assertThat(llama.render(cont)).isEqualTo("<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\nStep 1:");
    }

}
