package org.errata.runtime.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.junit.jupiter.api.Test;

/** A server URL given where a model is expected opens the OpenAI-compatible backend. */
class ServerSpecTest {

    private static GenerationRequest hello() {
        return GenerationRequest.of(Prompt.chat(ChatMessage.user("hi")), SamplingConfig.greedy(), 8);
    }

    @Test
    void urlWithoutModelUsesTheServersFirstListedModel() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then((exchange, body) -> ScriptedServer.json(exchange, 200,
                    "{\"object\":\"list\",\"data\":[{\"id\":\"qwen-72b\"},{\"id\":\"other\"}]}"));
            server.then(ScriptedServer.sse(ScriptedServer.chatChunk(0, "hello", "stop")));
            try (LanguageModel model = LanguageModels.open(server.baseUrl(), RuntimeOptions.defaults())) {
                assertThat(model.info().backend()).isEqualTo("openai");
                assertThat(model.generate(hello()).first().text()).isEqualTo("hello");
            }
            assertThat(server.seen().get(0).path()).isEqualTo("/v1/models");
            assertThat(server.seen().get(1).body().get("model").asText()).isEqualTo("qwen-72b");
        }
    }

    @Test
    void urlFragmentNamesTheModelWithoutAskingTheServer() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            server.then(ScriptedServer.sse(ScriptedServer.chatChunk(0, "ok", "stop")));
            try (LanguageModel model = LanguageModels.open(server.baseUrl() + "#llama-70b", RuntimeOptions.defaults())) {
                assertThat(model.generate(hello()).first().text()).isEqualTo("ok");
            }
            assertThat(server.seen()).hasSize(1);
            assertThat(server.seen().get(0).body().get("model").asText()).isEqualTo("llama-70b");
        }
    }

    @Test
    void aServerThatDoesNotAnswerIsNamedInTheError() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/v1";
        assertThatThrownBy(() -> LanguageModels.open(url, RuntimeOptions.defaults()))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("127.0.0.1:" + port);
    }
}
