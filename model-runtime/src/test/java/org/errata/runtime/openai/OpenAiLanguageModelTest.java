package org.errata.runtime.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.errata.runtime.openai.ScriptedServer.chatChunk;
import static org.errata.runtime.openai.ScriptedServer.event;
import static org.errata.runtime.openai.ScriptedServer.sse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenEvent;
import org.errata.runtime.api.TokenLogprob;
import org.junit.jupiter.api.Test;

class OpenAiLanguageModelTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String KEY = "sk-test-7f3a9c1e5b";

    private static OpenAiLanguageModel model(String baseUrl) {
        return OpenAiLanguageModel.open(OpenAiConfig.of(baseUrl, "tiny-llama")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withRetries(2, Duration.ofMillis(10)));
    }

    private static GenerationRequest chat(String text) {
        return GenerationRequest.of(Prompt.chat(ChatMessage.system("Be brief."), ChatMessage.user(text)),
                SamplingConfig.greedy(), 16);
    }

    @Test
    void chatStreamsTwoSamplesWithLogprobsAndSendsTheRequestFaithfully() throws Exception {
        String lp1 = "\"logprobs\":{\"content\":[{\"token\":\"4\",\"logprob\":-0.25,\"top_logprobs\":"
                + "[{\"token\":\"4\",\"logprob\":-0.25},{\"token\":\"5\",\"logprob\":-1.5}]}]}";
        try (ScriptedServer server = new ScriptedServer()) {
            server.then(sse(
                    "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}",
                    "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"4\"}," + lp1 + ",\"finish_reason\":null}]}",
                    "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\"5\"},\"logprobs\":{\"content\":[{\"token\":\"5\",\"logprob\":-1.5,\"top_logprobs\":[]}]},\"finish_reason\":null}]}",
                    "{\"choices\":[{\"index\":1,\"delta\":{\"content\":\" apples\"},\"logprobs\":{\"content\":[{\"token\":\" apples\",\"logprob\":-0.5,\"top_logprobs\":[]}]},\"finish_reason\":\"length\"}]}",
                    "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
                    "{\"choices\":[],\"usage\":{\"prompt_tokens\":17,\"completion_tokens\":3,\"total_tokens\":20}}"));
            List<TokenEvent> events = Collections.synchronizedList(new ArrayList<>());
            GenerationRequest request = chat("2+2?").withN(2).withTopLogprobs(2).withStop(List.of("\n\n"))
                    .withSampling(SamplingConfig.temperature(0.7, 42).withTopK(20));
            GenerationResult result;
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                result = assertTimeoutPreemptively(LIMIT, () -> model.generate(request, events::add, Cancellation.none()));
            }

            assertThat(result.completions()).hasSize(2);
            Completion first = result.completions().get(0);
            Completion second = result.completions().get(1);
            assertThat(first.text()).isEqualTo("4");
            assertThat(first.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(first.logprobs()).containsExactly(new TokenLogprob("4", -0.25,
                    List.of(new TokenLogprob.Alternative("4", -0.25), new TokenLogprob.Alternative("5", -1.5))));
            assertThat(second.text()).isEqualTo("5 apples");
            assertThat(second.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(second.completionTokens()).isEqualTo(2);
            assertThat(result.promptTokens()).isEqualTo(17);
            assertThat(events).extracting(TokenEvent::sample, TokenEvent::index, TokenEvent::text)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 0, "4"),
                            org.assertj.core.groups.Tuple.tuple(1, 0, "5"),
                            org.assertj.core.groups.Tuple.tuple(1, 1, " apples"));

            ScriptedServer.Seen seen = server.seen().get(0);
            assertThat(seen.path()).isEqualTo("/v1/chat/completions");
            assertThat(seen.authorization()).isEqualTo("null");
            assertThat(seen.body().get("model").asText()).isEqualTo("tiny-llama");
            assertThat(seen.body().get("messages").toString())
                    .isEqualTo("[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"2+2?\"}]");
            assertThat(seen.body().get("n").asInt()).isEqualTo(2);
            assertThat(seen.body().get("stream").asBoolean()).isTrue();
            assertThat(seen.body().get("logprobs").asBoolean()).isTrue();
            assertThat(seen.body().get("top_logprobs").asInt()).isEqualTo(2);
            assertThat(seen.body().get("stop").toString()).isEqualTo("[\"\\n\\n\"]");
            assertThat(seen.body().get("seed").asLong()).isEqualTo(42);
            assertThat(seen.body().get("temperature").asDouble()).isEqualTo(0.7);
            assertThat(seen.body().get("top_k").asInt()).isEqualTo(20);
            assertThat(seen.body().get("max_tokens").asInt()).isEqualTo(16);
        }
    }

    @Test
    void rawPromptUsesCompletionsAndReadsItsLogprobShape() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then(sse(
                    "{\"choices\":[{\"index\":0,\"text\":\" 12\",\"logprobs\":{\"tokens\":[\" 1\",\"2\"],"
                            + "\"token_logprobs\":[-0.1,-0.2],\"top_logprobs\":[{\" 1\":-0.1,\" 2\":-3.0},{\"2\":-0.2}]},\"finish_reason\":null}]}",
                    "{\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2}}"));
            GenerationRequest request = GenerationRequest.of(Prompt.raw("Q: 3*4 =\nA:"), SamplingConfig.greedy(), 8)
                    .withTopLogprobs(2);
            GenerationResult result;
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                result = assertTimeoutPreemptively(LIMIT, () -> model.generate(request));
            }
            Completion c = result.first();
            assertThat(c.text()).isEqualTo(" 12");
            assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(c.completionTokens()).isEqualTo(2);
            assertThat(c.logprobs()).extracting(TokenLogprob::token).containsExactly(" 1", "2");
            assertThat(c.logprobs().get(0).top()).containsExactly(
                    new TokenLogprob.Alternative(" 1", -0.1), new TokenLogprob.Alternative(" 2", -3.0));
            assertThat(result.promptTokens()).isEqualTo(4);
            ScriptedServer.Seen seen = server.seen().get(0);
            assertThat(seen.path()).isEqualTo("/v1/completions");
            assertThat(seen.body().get("prompt").asText()).isEqualTo("Q: 3*4 =\nA:");
            assertThat(seen.body().get("logprobs").asInt()).isEqualTo(2);
            assertThat(seen.body().get("temperature").asDouble()).isZero();
        }
    }

    @Test
    void continuingAnAssistantMessageAsksTheServerToContinueIt() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then(sse(chatChunk(0, " 6.", "stop")));
            Prompt prompt = new Prompt.Chat(List.of(ChatMessage.user("3+3?"), ChatMessage.assistant("The answer is")), true);
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                assertThat(model.generate(GenerationRequest.of(prompt, SamplingConfig.greedy(), 4)).first().text())
                        .isEqualTo(" 6.");
            }
            var body = server.seen().get(0).body();
            assertThat(body.get("messages").get(1).get("role").asText()).isEqualTo("assistant");
            assertThat(body.get("continue_final_message").asBoolean()).isTrue();
            assertThat(body.get("add_generation_prompt").asBoolean()).isFalse();
        }
    }

    @Test
    void a500IsRetriedAndTheRetryAnswers() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then((ex, body) -> ScriptedServer.json(ex, 503, "{\"error\":{\"message\":\"warming up\"}}"))
                    .then(sse(chatChunk(0, "ok", "stop")));
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                GenerationResult r = assertTimeoutPreemptively(LIMIT, () -> model.generate(chat("hi")));
                assertThat(r.first().text()).isEqualTo("ok");
                assertThat(r.first().finishReason()).isEqualTo(FinishReason.STOP);
            }
            assertThat(server.seen()).hasSize(2);
        }
    }

    @Test
    void a400FailsAtOnceWithTheStatusAndTheServersMessage() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then((ex, body) -> ScriptedServer.json(ex, 400,
                    "{\"error\":{\"message\":\"This model's maximum context length is 2048 tokens\",\"type\":\"BadRequestError\"}}"));
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                assertThatThrownBy(() -> model.generate(chat("hi")))
                        .isInstanceOf(ModelException.class)
                        .hasMessageContaining("HTTP 400")
                        .hasMessageContaining("/v1/chat/completions")
                        .hasMessageContaining("maximum context length is 2048 tokens");
            }
            assertThat(server.seen()).hasSize(1);
        }
    }

    @Test
    void retriesUsedUpOn429FailWithTheLastStatus() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            for (int i = 0; i < 3; i++) {
                server.then((ex, body) -> ScriptedServer.json(ex, 429, "{\"error\":\"rate limited\"}"));
            }
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                assertThatThrownBy(() -> model.generate(chat("hi")))
                        .isInstanceOf(ModelException.class)
                        .hasMessageContaining("HTTP 429")
                        .hasMessageContaining("rate limited")
                        .hasMessageContaining("after 3 attempts");
            }
            assertThat(server.seen()).hasSize(3);
        }
    }

    @Test
    void aConnectionDroppedMidStreamKeepsThePartialTextAndSaysWhy() throws Exception {
        String half = RawSocketServer.chunkedHead()
                + RawSocketServer.chunk("data: " + chatChunk(0, "The answer", null) + "\n\n")
                + RawSocketServer.chunk("data: " + chatChunk(0, " is", null) + "\n\n");
        java.util.concurrent.CountDownLatch received = new java.util.concurrent.CountDownLatch(2);
        try (RawSocketServer server = new RawSocketServer(List.of(half), received)) {
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                List<String> streamed = Collections.synchronizedList(new ArrayList<>());
                GenerationResult r = assertTimeoutPreemptively(LIMIT, () -> model.generate(chat("hi"), e -> {
                    streamed.add(e.text());
                    received.countDown(); // the server drops the connection once both tokens arrived
                }, Cancellation.none()));
                Completion c = r.first();
                assertThat(c.finishReason()).isEqualTo(FinishReason.ERROR);
                assertThat(c.text()).isEqualTo("The answer is");
                assertThat(c.error()).contains("127.0.0.1").contains("mid-stream");
                assertThat(streamed).containsExactly("The answer", " is");
            }
            assertThat(server.connections()).as("no retry after tokens were streamed").isEqualTo(1);
        }
    }

    @Test
    void aConnectionDroppedBeforeTheFirstTokenIsRetried() throws Exception {
        String empty = RawSocketServer.chunkedHead();
        String full = RawSocketServer.chunkedHead()
                + RawSocketServer.chunk("data: " + chatChunk(0, "fine", "stop") + "\n\ndata: [DONE]\n\n")
                + "0\r\n\r\n";
        try (RawSocketServer server = new RawSocketServer(List.of(empty, full))) {
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                GenerationResult r = assertTimeoutPreemptively(LIMIT, () -> model.generate(chat("hi")));
                assertThat(r.first().text()).isEqualTo("fine");
                assertThat(r.first().finishReason()).isEqualTo(FinishReason.STOP);
            }
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void cancellationClosesTheStreamAndKeepsWhatArrived() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer()) {
            server.then((ex, body) -> {
                OutputStream out = ScriptedServer.startSse(ex);
                event(out, chatChunk(0, "Step 1", null));
                try {
                    release.await(10, TimeUnit.SECONDS); // a server that keeps the stream open
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Cancellation cancellation = new Cancellation();
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                GenerationResult r = assertTimeoutPreemptively(LIMIT,
                        () -> model.generate(chat("hi"), e -> cancellation.cancel(), cancellation));
                assertThat(r.first().finishReason()).isEqualTo(FinishReason.CANCELLED);
                assertThat(r.first().text()).isEqualTo("Step 1");
                assertThat(r.first().error()).isNull();
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aStalledStreamEndsAfterTheReadTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer()) {
            server.then((ex, body) -> {
                OutputStream out = ScriptedServer.startSse(ex);
                event(out, chatChunk(0, "Step", null));
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            OpenAiConfig config = OpenAiConfig.of(server.baseUrl(), "m")
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)).withRetries(0, Duration.ofMillis(10));
            try (OpenAiLanguageModel model = OpenAiLanguageModel.open(config)) {
                GenerationResult r = assertTimeoutPreemptively(LIMIT, () -> model.generate(chat("hi")));
                assertThat(r.first().finishReason()).isEqualTo(FinishReason.ERROR);
                assertThat(r.first().text()).isEqualTo("Step");
                assertThat(r.first().error()).contains("no data").contains("300 ms");
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void anUnreachableServerFailsClearlyAfterItsRetries() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (OpenAiLanguageModel model = model("http://127.0.0.1:" + port)) {
            assertThatThrownBy(() -> assertTimeoutPreemptively(LIMIT, () -> model.generate(chat("hi"))))
                    .isInstanceOf(ModelException.class)
                    .hasMessageContaining("cannot reach")
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("3 attempt");
        }
    }

    @Test
    void theApiKeyIsSentAsBearerAndAppearsNowhereElse() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then(sse(chatChunk(0, "ok", "stop")))
                    .then((ex, body) -> ScriptedServer.json(ex, 401,
                            "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}"));
            OpenAiConfig config = OpenAiConfig.of(server.baseUrl(), "m").withApiKey(KEY)
                    .withRetries(0, Duration.ofMillis(10));
            try (OpenAiLanguageModel model = OpenAiLanguageModel.open(config)) {
                model.generate(chat("hi"));
                assertThat(server.seen().get(0).authorization()).isEqualTo("Bearer " + KEY);
                assertThat(config.toString()).doesNotContain(KEY).contains("apiKey=***");
                assertThat(model.toString()).doesNotContain(KEY);
                assertThat(model.info().toString()).doesNotContain(KEY);
                assertThat(model.info().id()).isEqualTo("m@127.0.0.1:" + server.baseUrl().split(":")[2].split("/")[0]);
                assertThat(model.info().backend()).isEqualTo("openai");
                assertThat(model.info().weightsHash()).isNull();
                assertThatThrownBy(() -> model.generate(chat("hi")))
                        .isInstanceOf(ModelException.class)
                        .hasMessageContaining("HTTP 401")
                        .hasMessageContaining("Incorrect API key provided: ***")
                        .hasMessageNotContaining(KEY);
            }
        }
    }

    @Test
    void aBatchRunsConcurrentlyWithinItsBoundAndKeepsRequestOrder() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        CountDownLatch twoTogether = new CountDownLatch(2);
        AtomicBoolean overlapped = new AtomicBoolean();
        try (ScriptedServer server = new ScriptedServer()) {
            for (int i = 0; i < 5; i++) {
                server.then((ex, body) -> {
                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        twoTogether.countDown();
                        if (twoTogether.await(5, TimeUnit.SECONDS)) overlapped.set(true);
                        String user = body.get("messages").get(1).get("content").asText();
                        sse(chatChunk(0, "echo " + user, "stop")).answer(ex, body);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            }
            List<GenerationRequest> requests = new ArrayList<>();
            for (int i = 0; i < 5; i++) requests.add(chat("q" + i));
            List<TokenEvent> events = Collections.synchronizedList(new ArrayList<>());
            try (OpenAiLanguageModel model = OpenAiLanguageModel.open(
                    OpenAiConfig.of(server.baseUrl(), "m").withMaxConcurrent(2))) {
                List<GenerationResult> results = assertTimeoutPreemptively(LIMIT,
                        () -> model.generateBatch(requests, events::add, Cancellation.none()));
                assertThat(results).extracting(r -> r.first().text())
                        .containsExactly("echo q0", "echo q1", "echo q2", "echo q3", "echo q4");
            }
            assertThat(overlapped).isTrue();
            assertThat(maxInFlight.get()).isEqualTo(2);
            assertThat(events).extracting(e -> e.request() + ":" + e.text())
                    .containsExactlyInAnyOrder("0:echo q0", "1:echo q1", "2:echo q2", "3:echo q3", "4:echo q4");
        }
    }

    @Test
    void configResolvesTheKeyAndNormalisesTheBaseUrl() {
        assertThat(OpenAiConfig.resolveApiKey("flag", Map.of("OPENAI_API_KEY", "env"))).isEqualTo("flag");
        assertThat(OpenAiConfig.resolveApiKey(null, Map.of("OPENAI_API_KEY", "b", "ERRATA_OPENAI_API_KEY", "a"))).isEqualTo("a");
        assertThat(OpenAiConfig.resolveApiKey(null, Map.of("OPENAI_API_KEY", "b"))).isEqualTo("b");
        assertThat(OpenAiConfig.resolveApiKey(" ", Map.of())).isNull();
        assertThat(OpenAiConfig.of("http://h:8000", "m").baseUrl().toString()).isEqualTo("http://h:8000/v1");
        assertThat(OpenAiConfig.of("http://h:8000/v1/", "m").endpoint("/completions").toString())
                .isEqualTo("http://h:8000/v1/completions");
        assertThatThrownBy(() -> OpenAiConfig.of("ftp://h", "m")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OpenAiConfig.of("http://user:pw@h", "m")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aServerErrorEventMidStreamEndsTheCompletionWithItsMessage() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then(sse(chatChunk(0, "x", null), "{\"error\":{\"message\":\"CUDA out of memory\"}}"));
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                Completion c = model.generate(chat("hi")).first();
                assertThat(c.finishReason()).isEqualTo(FinishReason.ERROR);
                assertThat(c.text()).isEqualTo("x");
                assertThat(c.error()).contains("CUDA out of memory");
            }
        }
    }

    @Test
    void aPlainJsonAnswerIsAcceptedFromServersThatDoNotStream() throws IOException, ModelException {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then((ex, body) -> ScriptedServer.json(ex, 200,
                    "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"42\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1}}"));
            try (OpenAiLanguageModel model = model(server.baseUrl())) {
                GenerationResult r = model.generate(chat("hi"));
                assertThat(r.first().text()).isEqualTo("42");
                assertThat(r.first().finishReason()).isEqualTo(FinishReason.STOP);
                assertThat(r.promptTokens()).isEqualTo(9);
            }
        }
    }
}
