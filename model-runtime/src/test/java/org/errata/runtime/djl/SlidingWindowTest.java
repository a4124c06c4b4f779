package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import org.errata.runtime.safetensors.DType;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistral's sliding window: a tiny Mistral-shaped model whose window (4) is much shorter than the
 * sequences, checked against the naive reference, which restricts each position's attention to the
 * window itself, in the full forward and through the KV cache, batching and the prefix cache.
 */
class SlidingWindowTest {

    private static final int WINDOW = 4;

    @TempDir
    Path dir;

    private static LlamaConfig mistral(int window) {
        return LlamaConfig.llama(64, 128, 2, 4, 2, RandomModelWriter.vocabularySize(), 512, false)
                .withArchitecture("MistralForCausalLM", false).withSlidingWindow(window);
    }

    private Path write(String name, int window) throws Exception {
        Path folder = dir.resolve(name);
        RandomModelWriter.write(folder, mistral(window), 21, 0.2, DType.F32);
        // no end-of-sequence token: every run decodes its full length
        java.nio.file.Files.writeString(folder.resolve("config.json"),
                LlamaConfig.read(folder.resolve("config.json")).withTokens(1, List.of()).toJson());
        java.nio.file.Files.delete(folder.resolve("generation_config.json"));
        return folder;
    }

    @Test
    void theWindowIsReadFromConfigJsonAndTheForwardMatchesTheNaiveReference() throws Exception {
        Path windowed = write("windowed", WINDOW);
        LlamaConfig c = LlamaConfig.read(windowed.resolve("config.json"));
        assertThat(c.slidingWindow()).isEqualTo(WINDOW);
        int[] tokens = {1, 40, 77, 120, 9, 200, 33, 150, 60, 61, 250, 17};
        float[][] expected = new ReferenceLlama(windowed).logits(tokens);
        float[][] full = new ReferenceLlama(write("full", 0)).logits(tokens);
        DjlEngine.ensureStarted(1);
        try (NDManager m = NDManager.newBaseManager();
                SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(windowed)) {
            LlamaWeights w = LlamaWeights.load(c, ck, m, DataType.FLOAT32);
            long[] ids = new long[tokens.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = tokens[i];
            }
            float[] got = LlamaForward.forward(w, m.create(ids, new Shape(1, ids.length))).toFloatArray();
            int v = c.vocabSize();
            double maxDiff = 0;
            double windowEffect = 0;
            for (int t = 0; t < tokens.length; t++) {
                for (int j = 0; j < v; j++) {
                    maxDiff = Math.max(maxDiff, Math.abs(got[t * v + j] - expected[t][j]));
                    double effect = Math.abs(expected[t][j] - full[t][j]);
                    if (t < WINDOW) {
                        assertThat(effect).as("inside the window nothing changes").isLessThan(1e-9);
                    }
                    windowEffect = Math.max(windowEffect, effect);
                }
            }
            assertThat(windowEffect).as("positions past the window see fewer tokens").isGreaterThan(1e-2);
            assertThat(maxDiff).isLessThan(1e-4);
        }
    }

    @Test
    void decodingThroughTheKvCacheBatchedAndFromThePrefixCacheKeepsToTheWindow() throws Exception {
        Path folder = write("windowed", WINDOW);
        ReferenceLlama ref = new ReferenceLlama(folder);
        DjlLanguageModel m = DjlLanguageModel.load(folder, RuntimeOptions.defaults()
                .withDevice(RuntimeOptions.Device.CPU).withThreads(1).withPrefixCacheEntries(4));
        try {
            List<GenerationRequest> requests = new ArrayList<>();
            for (String prompt : List.of("The answer is \\boxed{", "Step 1: 12 + 30 = 42. Step 2:", "1 + 1")) {
                requests.add(GenerationRequest.of(Prompt.raw(prompt), SamplingConfig.greedy(), 12).withTopLogprobs(1));
            }
            List<GenerationResult> together = m.generateBatch(requests, TokenListener.NONE, Cancellation.none());
            for (int i = 0; i < requests.size(); i++) {
                GenerationRequest req = requests.get(i);
                Completion batched = together.get(i).first();
                assertThat(batched.text()).isEqualTo(assertMatchesReference(ref, folder, m.encode(req.prompt()), batched));
                // the second run of a prompt starts from the prefix cache
                Completion alone = m.generate(req).first();
                assertThat(alone.text()).isEqualTo(batched.text());
                assertMatchesReference(ref, folder, m.encode(req.prompt()), alone);
            }
        } finally {
            m.close();
        }
    }

    /**
     * Each token's logprob is the reference's log-softmax at the reference's greedy choice; returns
     * the reference's greedy text.
     */
    private static String assertMatchesReference(ReferenceLlama ref, Path folder, int[] prompt, Completion c)
            throws Exception {
        List<Integer> seq = new ArrayList<>();
        for (int id : prompt) {
            seq.add(id);
        }
        assertThat(prompt.length + c.logprobs().size()).as("the run goes past the window").isGreaterThan(2 * WINDOW);
        assertThat(c.logprobs()).hasSize(12);
        for (TokenLogprob lp : c.logprobs()) {
            float[][] logits = ref.logits(seq.stream().mapToInt(Integer::intValue).toArray());
            float[] last = logits[logits.length - 1];
            int next = Sampler.argMax(last, 0, last.length);
            double max = Double.NEGATIVE_INFINITY;
            for (float x : last) {
                max = Math.max(max, x);
            }
            double sum = 0;
            for (float x : last) {
                sum += Math.exp(x - max);
            }
            assertThat(lp.logprob()).isCloseTo(last[next] - max - Math.log(sum), org.assertj.core.data.Offset.offset(1e-4));
            seq.add(next);
        }
        int[] generated = seq.subList(prompt.length, seq.size()).stream().mapToInt(Integer::intValue).toArray();
        try (HfTokenizer tok = HfTokenizer.load(folder.resolve("tokenizer.json"))) {
            return tok.decode(generated, 0, generated.length);
        }
    }
}
