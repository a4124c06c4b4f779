package org.errata.runtime.api;

import java.util.List;
import java.util.Objects;

/**
 * What a model is asked to continue: raw text, or chat messages the backend renders with the
 * model's own chat template. A chat prompt may end with an assistant message, which the model
 * then continues (the way turn-by-turn strategies resume a partial answer).
 */
public sealed interface Prompt {

    record Raw(String text) implements Prompt {
        public Raw {
            Objects.requireNonNull(text, "text");
        }
    }

    record Chat(List<ChatMessage> messages, boolean continueLastAssistant) implements Prompt {
        public Chat {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("a chat prompt needs at least one message");
            }
            if (continueLastAssistant && messages.get(messages.size() - 1).role() != ChatMessage.Role.ASSISTANT) {
                throw new IllegalArgumentException("continueLastAssistant needs a final assistant message");
            }
        }

        public Chat(List<ChatMessage> messages) {
            this(messages, false);
        }
    }

    static Prompt raw(String text) { return new Raw(text); }

    static Prompt chat(List<ChatMessage> messages) { return new Chat(messages); }

    static Prompt chat(ChatMessage... messages) { return new Chat(List.of(messages)); }
}
