package org.errata.runtime.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.djl.RandomModelWriter;
import org.errata.runtime.gguf.LlamaGguf;
import org.errata.runtime.reference.LlamaServer;
import org.errata.runtime.safetensors.DType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAI backend against llama.cpp's real {@code llama-server} (built by
 * {@code scripts/llama-server.sh}) serving a random Llama with Errata's byte-level BPE tokenizer,
 * written by Errata as a Hugging Face folder and converted by Errata to GGUF. Streaming, {@code n},
 * log-probabilities, stop strings and seeds are checked on the server's own answers, and decode
 * speed through the server is printed beside the embedded backend on the same folder. Skips, saying
 * why, where the server has not been built.
 */
@Tag("reference")
class LlamaServerTest {

    static final int THREADS = 2;
    static final String NOT_BUILT = "llama-server not built (needs cmake, a C++ compiler and npm; "
            + "scripts/llama-reference.sh builds it)";

    @TempDir
    static Path dir;
    static Path folder;
    static LlamaServer.Running server;
    static OpenAiLanguageModel model;

    @BeforeAll
    static void serve() throws Exception {
        String root = System.getProperty("errata.repo.root", System.getProperty("user.dir") + "/..");
        Optional<LlamaServer> found = LlamaServer.find(Path.of(root));
        if (found.isEmpty()) {
            System.out.println("LlamaServerTest skipped: " + NOT_BUILT);
            return;
        }
        folder = dir.resolve("hf");
        RandomModelWriter.write(folder, config(), 11, 0.2, DType.F32);
        Path gguf = dir.resolve("model.gguf");
        LlamaGguf.convert(folder, gguf);
        server = found.get().start(gguf, "errata-tiny", 4, 1024, THREADS, Duration.ofSeconds(60));
        model = OpenAiLanguageModel.open(OpenAiConfig.of(server.baseUrl().toString(), server.alias()));
    }

    /** The model both engines run: a 4-layer random Llama, vocabulary of Errata's byte-level BPE writer. */
    static LlamaConfig config() {
        return LlamaConfig.llama(128, 344, 4, 4, 2, RandomModelWriter.vocabularySize(), 2048, false);
    }

    @BeforeEach
    void needsTheServer() {
        assumeTrue(server != null, NOT_BUILT);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static Prompt question() {
        return Prompt.chat(ChatMessage.user("What is 12 + 30? Put the answer in \\boxed{}."));
    }

    @Test
    void theServerServesTheModelUnderItsName() throws Exception {
        assertThat(OpenAiLanguageModel.firstServedModel(model.config())).isEqualTo("errata-tiny");
    }

    @Test
    void streamsEveryTokenAndTheSameSeedGivesTheSameText() throws Exception {
        GenerationRequest request = new GenerationRequest(question(), SamplingConfig.temperature(1.0, 7), 40,
                List.of(), 1, -1);
        List<TokenEvent> events = new ArrayList<>();
        GenerationResult first = model.generate(request, events::add, new Cancellation());
        Completion c = first.completions().getFirst();
        assertThat(c.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
        assertThat(c.text()).isNotEmpty();
        assertThat(events).as("streamed token by token").hasSizeGreaterThan(5);
        assertThat(String.join("", events.stream().map(TokenEvent::text).toList())).isEqualTo(c.text());
        assertThat(first.promptTokens()).isPositive();

        Completion again = model.generate(request).completions().getFirst();
        assertThat(again.text()).as("same seed").isEqualTo(c.text());
        Completion other = model.generate(request.withSampling(SamplingConfig.temperature(1.0, 8)))
                .completions().getFirst();
        assertThat(other.text()).as("another seed").isNotEqualTo(c.text());
    }

    @Test
    void nSamplesComeBackWithTheirLogprobs() throws Exception {
        GenerationRequest request = new GenerationRequest(question(), SamplingConfig.temperature(1.0, 3), 24,
                List.of(), 3, 2);
        List<TokenEvent> events = new ArrayList<>();
        GenerationResult result = model.generate(request, events::add, new Cancellation());
        assertThat(result.completions()).hasSize(3);
        assertThat(result.completions().stream().map(Completion::text).distinct()).as("three different samples").hasSize(3);
        for (Completion c : result.completions()) {
            assertThat(c.error()).isNull();
            assertThat(c.logprobs()).as("one log-probability per token").hasSize(c.completionTokens());
            assertThat(c.logprobs()).allSatisfy(t -> {
                assertThat(t.logprob()).isLessThanOrEqualTo(0);
                assertThat(t.top()).hasSize(2);
            });
            String streamed = String.join("", events.stream().filter(e -> e.sample() == c.index()).map(TokenEvent::text).toList());
            assertThat(streamed).isEqualTo(c.text());
        }
    }

    @Test
    void aStopStringEndsTheTextBeforeIt() throws Exception {
        GenerationRequest request = new GenerationRequest(Prompt.raw("Step 1: 12 + 30 = "),
                SamplingConfig.temperature(1.0, 5), 48, List.of(), 1, -1);
        String full = model.generate(request).completions().getFirst().text();
        assertThat(full.length()).as("long enough to cut").isGreaterThan(12);
        // random weights emit stray bytes too; a stop string of plain letters after the start
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z]{3}").matcher(full);
        assertThat(m.find(2)).as("three letters in %s", full).isTrue();
        String stop = m.group();
        int at = full.indexOf(stop);

        Completion cut = model.generate(request.withStop(List.of(stop))).completions().getFirst();
        assertThat(cut.finishReason()).as("stop %s in %s, got %s", stop, full, cut.text()).isEqualTo(FinishReason.STOP);
        assertThat(cut.text()).isEqualTo(full.substring(0, at));
    }

    @Test
    void decodeSpeedThroughTheServerBesideTheEmbeddedBackend() throws Exception {
        GenerationRequest request = new GenerationRequest(Prompt.raw("Step 1: 12 + 30 = "), SamplingConfig.greedy(),
                128, List.of(), 1, -1);
        double server = bestDecode(model, request);
        double embedded;
        try (LanguageModel djl = LanguageModels.open(folder.toString(), RuntimeOptions.defaults().withThreads(THREADS))) {
            embedded = bestDecode(djl, request);
        }
        System.out.printf(Locale.ROOT, "decode tokens/s, same model (4 layers, d=128), %d threads: llama-server %.0f "
                + "(over HTTP, streamed), embedded %.0f%n", THREADS, server, embedded);
        assertThat(server).isPositive();
        assertThat(embedded).isPositive();
    }

    /** The best of three decode rates: tokens after the first, over the time after the first. */
    private static double bestDecode(LanguageModel m, GenerationRequest request) throws Exception {
        double best = 0;
        for (int i = 0; i < 3; i++) {
            GenerationResult r = m.generate(request);
            Completion c = r.completions().getFirst();
            assertThat(c.completionTokens()).as("enough tokens to time").isGreaterThan(16);
            best = Math.max(best, (c.completionTokens() - 1) / (r.timings().decodeNanos() / 1e9));
        }
        return best;
    }
}
