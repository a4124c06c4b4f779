package org.errata.runtime.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.errata.runtime.openai.ScriptedServer.chatChunk;
import static org.errata.runtime.openai.ScriptedServer.event;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.junit.jupiter.api.Test;

/**
 * The client's bounds against servers that misbehave (on loopback, started here): one that
 * ignores {@code max_tokens} and streams forever, one that drips, one that sends huge lines or
 * huge chunks; and the API key, which a server that echoes it cannot get into the text, and which
 * is refused in a URL.
 */
class OpenAiLimitsTest {

    private static final Duration LIMIT = Duration.ofSeconds(15);
    private static final String KEY = "sk-limits-5d1e0b7a93";

    private static GenerationRequest chat(int maxTokens) {
        return GenerationRequest.of(Prompt.chat(ChatMessage.user("Count.")), SamplingConfig.greedy(), maxTokens);
    }

    /** Streams "ab" chunks until the client goes away (or a million of them), never finishing. */
    private static ScriptedServer.Reply endless(CountDownLatch gone) {
        return (ex, body) -> {
            OutputStream out = ScriptedServer.startSse(ex);
            try {
                for (int i = 0; i < 1_000_000; i++) event(out, chatChunk(0, "ab", null));
            } catch (IOException clientClosed) {
                gone.countDown();
            }
        };
    }

    @Test
    void aServerThatIgnoresMaxTokensIsCutAtTheBudgetAndTheStreamClosed() throws Exception {
        CountDownLatch gone = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer()) {
            server.then(endless(gone));
            OpenAiConfig config = OpenAiConfig.of(server.baseUrl(), "m").withRetries(0, Duration.ofMillis(10));
            try (OpenAiLanguageModel model = OpenAiLanguageModel.open(config)) {
                List<String> deltas = Collections.synchronizedList(new ArrayList<>());
                GenerationResult r = assertTimeoutPreemptively(LIMIT,
                        () -> model.generate(chat(32), e -> deltas.add(e.text()), new Cancellation()));
                Completion c = r.first();
                assertThat(c.finishReason()).isEqualTo(FinishReason.LENGTH);
                assertThat(c.completionTokens()).isEqualTo(32);
                assertThat(c.text()).isEqualTo("ab".repeat(32));
                assertThat(deltas).hasSize(32);
                assertThat(gone.await(LIMIT.toSeconds(), TimeUnit.SECONDS)).as("the client closed the stream").isTrue();
            }
        }
    }

    @Test
    void aSlowDripEndsAtTheCallDeadlineWithAClearError() throws Exception {
        CountDownLatch clientDone = new CountDownLatch(1);
        try (ScriptedServer server = new ScriptedServer()) {
            server.then((ex, body) -> {
                OutputStream out = ScriptedServer.startSse(ex);
                try {
                    // the behaviour under test: a server that drips a token every 20 ms until the client is done
                    for (int i = 0; i < 2_000; i++) {
                        event(out, chatChunk(0, "x", null));
                        if (clientDone.await(20, TimeUnit.MILLISECONDS)) break;
                    }
                } catch (IOException | InterruptedException clientClosed) {
                    // the client closed the stream at its deadline
                }
            });
            OpenAiConfig config = OpenAiConfig.of(server.baseUrl(), "m").withRetries(0, Duration.ofMillis(10))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).withCallDeadline(Duration.ofSeconds(2));
            try (OpenAiLanguageModel model = OpenAiLanguageModel.open(config)) {
                long start = System.nanoTime();
                GenerationResult r = assertTimeoutPreemptively(LIMIT, () -> model.generate(chat(100_000)));
                double seconds = (System.nanoTime() - start) / 1e9;
                Completion c = r.first();
                assertThat(c.finishReason()).isEqualTo(FinishReason.ERROR);
                assertThat(c.error()).contains("took longer than its limit of 2 s").contains("ERRATA_OPENAI_TIMEOUT");
                assertThat(c.text()).startsWith("x");
                assertThat(seconds).isLessThan(6);
            } finally {
                clientDone.countDown();
            }
        }
    }

    @Test
    void aLineLongerThanTheLimitIsRefusedNamingIt() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then((ex, body) -> {
                OutputStream out = ScriptedServer.startSse(ex);
                try {
                    byte[] a = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                    out.write("data: ".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 1_000; i++) out.write(a); // 64 MiB without a line break
                } catch (IOException clientClosed) {
                    // the client refused the line and closed the stream
                }
            });
            OpenAiConfig config = OpenAiConfig.of(server.baseUrl(), "m").withRetries(2, Duration.ofMillis(10));
            try (OpenAiLanguageModel model = OpenAiLanguageModel.open(config)) {
                GenerationResult r = assertTimeoutPreemptively(LIMIT, () -> model.generate(chat(16)));
                assertThat(r.first().finishReason()).isEqualTo(FinishReason.ERROR);
                assertThat(r.first().error()).contains("longer than " + OpenAiLanguageModel.MAX_LINE_BYTES + " bytes");
                assertThat(server.seen()).as("a limit is not retried").hasSize(1);
            }
        }
    }

    @Test
    void aResponseLargerThanItsBudgetOfBytesIsRefused() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            String big = "b".repeat(512 * 1024); // each chunk one "token" of half a MiB
            server.then((ex, body) -> {
                OutputStream out = ScriptedServer.startSse(ex);
                try {
                    for (int i = 0; i < 200; i++) event(out, chatChunk(0, big, null));
                } catch (IOException clientClosed) {
                    // the client stopped at its byte limit
                }
            });
            OpenAiConfig config = OpenAiConfig.of(server.baseUrl(), "m").withRetries(0, Duration.ofMillis(10));
            try (OpenAiLanguageModel model = OpenAiLanguageModel.open(config)) {
                GenerationRequest request = chat(8);
                GenerationResult r = assertTimeoutPreemptively(LIMIT, () -> model.generate(request));
                assertThat(r.first().finishReason()).isEqualTo(FinishReason.ERROR);
                assertThat(r.first().error()).contains("passed " + OpenAiLanguageModel.maxResponseBytes(request) + " bytes");
                assertThat((long) r.first().text().length()).isLessThanOrEqualTo(OpenAiLanguageModel.maxResponseBytes(request));
            }
        }
    }

    @Test
    void aServerThatEchoesTheKeyCannotGetItIntoTheText() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then((ex, body) -> {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                OutputStream out = ScriptedServer.startSse(ex);
                event(out, chatChunk(0, "You sent " + auth + ".", null));
                event(out, chatChunk(0, " Again: " + auth, "stop"));
                event(out, "[DONE]");
            });
            OpenAiConfig config = OpenAiConfig.of(server.baseUrl(), "m").withApiKey(KEY).withRetries(0, Duration.ofMillis(10));
            try (OpenAiLanguageModel model = OpenAiLanguageModel.open(config)) {
                List<String> deltas = Collections.synchronizedList(new ArrayList<>());
                GenerationResult r = model.generate(chat(64), e -> deltas.add(e.text()), new Cancellation());
                assertThat(server.seen().get(0).authorization()).isEqualTo("Bearer " + KEY);
                assertThat(r.first().text()).isEqualTo("You sent Bearer ***. Again: Bearer ***").doesNotContain(KEY);
                assertThat(String.join("", deltas)).doesNotContain(KEY).contains("Bearer ***");
            }
        }
    }

    @Test
    void credentialsInTheServerAddressAreRefusedNamingTheVariableToUse() {
        for (String url : List.of("http://127.0.0.1:9/v1?api_key=" + KEY + "#m", "http://127.0.0.1:9/v1?key=" + KEY,
                "http://user:" + KEY + "@127.0.0.1:9/v1#m")) {
            assertThatThrownBy(() -> LanguageModels.open(url, RuntimeOptions.defaults()))
                    .as(url)
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("credentials are refused in URLs")
                    .hasMessageContaining("ERRATA_OPENAI_API_KEY")
                    .hasMessageNotContaining(KEY);
        }
        assertThat(OpenAiConfig.credentialsIn("http://127.0.0.1:9/v1?model=x")).isEmpty();
        assertThat(OpenAiConfig.callDeadline(Map.of())).isEqualTo(OpenAiConfig.DEFAULT_CALL_DEADLINE);
        assertThat(OpenAiConfig.callDeadline(Map.of("ERRATA_OPENAI_TIMEOUT", "90"))).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> OpenAiConfig.callDeadline(Map.of("ERRATA_OPENAI_TIMEOUT", "soon")))
                .hasMessageContaining("ERRATA_OPENAI_TIMEOUT");
    }
}
