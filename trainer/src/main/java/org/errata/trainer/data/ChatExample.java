package org.errata.trainer.data;

import java.util.List;
import java.util.Objects;
import org.errata.runtime.api.ChatMessage;

/**
 * One training example: the messages of one model call (system, user and earlier assistant turns,
 * exactly as the engine sent them) and the answer the model should write. Only the answer is
 * trained. {@code format} names the demo format it belongs to.
 */
public record ChatExample(DemoFormat format, List<ChatMessage> prompt, String completion) {

    public ChatExample {
        Objects.requireNonNull(format, "format");
        prompt = List.copyOf(prompt);
        Objects.requireNonNull(completion, "completion");
        if (prompt.isEmpty()) {
            throw new IllegalArgumentException("a call has at least one message");
        }
    }

    /** A SPOC trace as its one call: the question, then the whole interleaved assistant message. */
    public static ChatExample of(SpocTrace trace) {
        return new ChatExample(DemoFormat.SPOC, List.of(ChatMessage.user(trace.userMessage())), trace.assistantMessage());
    }
}
