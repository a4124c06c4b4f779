package org.errata.runtime.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Prompt;
import org.jspecify.annotations.Nullable;

/**
 * Renders chat messages the way the model was trained to see them: the Jinja
 * {@code chat_template} of {@code tokenizer_config.json}, rendered with Jinjava the way Hugging
 * Face does (trim_blocks, lstrip_blocks, {@code messages}, {@code add_generation_prompt},
 * {@code bos_token}, {@code eos_token}, {@code raise_exception}). A model without a template
 * gets a plain "Role: content" format.
 */
public final class ChatTemplate {

    /** What the renderer needs from {@code tokenizer_config.json}. */
    public record TokenizerConfig(@Nullable String chatTemplate, @Nullable String bosToken, @Nullable String eosToken) {

        public static final TokenizerConfig NONE = new TokenizerConfig(null, null, null);

        /** Reads the file; an absent file gives {@link #NONE}. */
        public static TokenizerConfig read(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                return NONE;
            }
            JsonNode root = new ObjectMapper().readTree(Files.readString(file));
            JsonNode t = root.path("chat_template");
            String template = null;
            if (t.isTextual()) {
                template = t.asText();
            } else if (t.isArray()) {
                for (JsonNode named : t) {
                    if (named.path("name").asText().equals("default")) {
                        template = named.path("template").asText();
                    }
                }
                if (template == null && !t.isEmpty()) {
                    template = t.get(0).path("template").asText();
                }
            }
            return new TokenizerConfig(template, token(root.path("bos_token")), token(root.path("eos_token")));
        }

        private static @Nullable String token(JsonNode n) {
            if (n.isTextual()) {
                return n.asText();
            }
            if (n.isObject() && n.path("content").isTextual()) {
                return n.path("content").asText();
            }
            return null;
        }
    }

    private final TokenizerConfig config;
    private final Jinjava jinjava;

    public ChatTemplate(TokenizerConfig config) {
        this.config = config;
        this.jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withMaxOutputSize(64L << 20)
                .build());
        jinjava.getGlobalContext().registerFunction(
                new ELFunctionDefinition("", "raise_exception", ChatTemplate.class, "raiseException", String.class));
    }

    /** Called by templates that reject a conversation. */
    public static String raiseException(String message) {
        RAISED.set(message);
        throw new IllegalArgumentException("chat template: " + message);
    }

    private static final ThreadLocal<String> RAISED = new ThreadLocal<>();

    public boolean hasTemplate() {
        return config.chatTemplate() != null;
    }

    public TokenizerConfig config() {
        return config;
    }

    /**
     * The prompt text for a chat. With {@code continueLastAssistant}, the messages before the
     * final assistant message are rendered with a generation prompt and its content appended,
     * so the model continues that text rather than starting a new turn.
     */
    public String render(Prompt.Chat chat) {
        List<ChatMessage> messages = chat.messages();
        if (chat.continueLastAssistant()) {
            ChatMessage last = messages.get(messages.size() - 1);
            return render(messages.subList(0, messages.size() - 1), true) + last.content();
        }
        boolean endsWithAssistant = messages.get(messages.size() - 1).role() == ChatMessage.Role.ASSISTANT;
        return render(messages, !endsWithAssistant);
    }

    /** Renders messages, optionally opening the assistant's turn. */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        String template = config.chatTemplate();
        if (template == null) {
            return plain(messages, addGenerationPrompt);
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (ChatMessage m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role().wireName());
            map.put("content", m.content());
            list.add(map);
        }
        Map<String, Object> bindings = new HashMap<>();
        bindings.put("messages", list);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        bindings.put("bos_token", config.bosToken() == null ? "" : config.bosToken());
        bindings.put("eos_token", config.eosToken() == null ? "" : config.eosToken());
        RAISED.remove();
        RenderResult result = jinjava.renderForResult(template, bindings);
        String raised = RAISED.get();
        RAISED.remove();
        if (raised != null) {
            throw new IllegalArgumentException("the chat template rejects these messages: " + raised);
        }
        for (TemplateError e : result.getErrors()) {
            if (e.getSeverity() == TemplateError.ErrorType.FATAL) {
                throw new IllegalArgumentException("chat template failed: " + e.getMessage());
            }
        }
        return result.getOutput();
    }

    static String plain(List<ChatMessage> messages, boolean addGenerationPrompt) {
        StringBuilder sb = new StringBuilder();
        for (ChatMessage m : messages) {
            String role = m.role().wireName();
            sb.append(Character.toUpperCase(role.charAt(0))).append(role.substring(1)).append(": ")
                    .append(m.content()).append("\n\n");
        }
        if (addGenerationPrompt) {
            sb.append("Assistant:");
        }
        return sb.toString();
    }
}
