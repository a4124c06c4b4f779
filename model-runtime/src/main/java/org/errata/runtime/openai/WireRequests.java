package org.errata.runtime.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.SamplingConfig;

/** Builds the JSON bodies of the two endpoints from a {@link GenerationRequest}. */
final class WireRequests {

    static final String CHAT_PATH = "/chat/completions";
    static final String COMPLETIONS_PATH = "/completions";

    private final ObjectMapper json;

    WireRequests(ObjectMapper json) {
        this.json = json;
    }

    /** The endpoint path a prompt goes to under the configured routing. */
    static String pathFor(Prompt prompt, OpenAiConfig.Endpoints endpoints) {
        return switch (prompt) {
            case Prompt.Chat chat -> CHAT_PATH;
            case Prompt.Raw raw -> endpoints == OpenAiConfig.Endpoints.CHAT_ONLY ? CHAT_PATH : COMPLETIONS_PATH;
        };
    }

    ObjectNode body(String model, GenerationRequest request, String path) {
        ObjectNode body = json.createObjectNode();
        body.put("model", model);
        if (path.equals(CHAT_PATH)) {
            chatPart(body, request);
        } else {
            body.put("prompt", ((Prompt.Raw) request.prompt()).text());
            if (request.wantsLogprobs()) {
                body.put("logprobs", request.topLogprobs());
            }
        }
        body.put("max_tokens", request.maxTokens());
        body.put("n", request.n());
        sampling(body, request.sampling());
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            request.stop().forEach(stop::add);
        }
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return body;
    }

    private void chatPart(ObjectNode body, GenerationRequest request) {
        ArrayNode messages = body.putArray("messages");
        boolean continueLast = false;
        switch (request.prompt()) {
            case Prompt.Chat chat -> {
                for (ChatMessage m : chat.messages()) {
                    messages.addObject().put("role", m.role().wireName()).put("content", m.content());
                }
                continueLast = chat.continueLastAssistant();
            }
            case Prompt.Raw raw -> messages.addObject().put("role", "user").put("content", raw.text());
        }
        if (continueLast) {
            // vLLM and SGLang continue the final assistant message only when told to; llama.cpp's
            // server continues a trailing assistant message by itself and ignores these fields.
            body.put("continue_final_message", true);
            body.put("add_generation_prompt", false);
        }
        if (request.wantsLogprobs()) {
            body.put("logprobs", true);
            if (request.topLogprobs() > 0) {
                body.put("top_logprobs", request.topLogprobs());
            }
        }
    }

    private static void sampling(ObjectNode body, SamplingConfig s) {
        body.put("temperature", s.isGreedy() ? 0.0 : s.temperature());
        body.put("seed", s.seed());
        if (s.isGreedy()) return;
        if (s.topP() < 1) body.put("top_p", s.topP());
        // Not in OpenAI's own API, but understood by vLLM, SGLang and llama.cpp's server.
        if (s.topK() > 0) body.put("top_k", s.topK());
        if (s.minP() > 0) body.put("min_p", s.minP());
    }

}
