package org.errata.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Prompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplateTest {

    /** The shape of the Llama 3 template: bos, header ids, trimmed content, eot. */
    private static final String LLAMA3 = "{% set loop_messages = messages %}{% for message in loop_messages %}"
            + "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'"
            + "+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"
            + "{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}";

    @Test
    void rendersALlama3StyleTemplateWithJinjaSemantics(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokenizer_config.json");
        Files.writeString(file, "{\"bos_token\":{\"content\":\"<|begin_of_text|>\"},\"eos_token\":\"<|eot_id|>\","
                + "\"chat_template\":" + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(LLAMA3) + "}");
        ChatTemplate t = new ChatTemplate(ChatTemplate.TokenizerConfig.read(file));
        String out = t.render(new Prompt.Chat(List.of(ChatMessage.system("  Solve. "), ChatMessage.user("1+1?"))));
        assertThat(out).isEqualTo("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nSolve.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\n1+1?<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void continuesAPartialAssistantMessage() {
        ChatTemplate t = new ChatTemplate(new ChatTemplate.TokenizerConfig(
                "{% for m in messages %}[{{ m.role }}]{{ m.content }}[/]{% endfor %}"
                        + "{% if add_generation_prompt %}[assistant]{% endif %}", null, null));
        String out = t.render(new Prompt.Chat(List.of(ChatMessage.user("q"), ChatMessage.assistant("Step 1: 2")), true));
        assertThat(out).isEqualTo("[user]q[/][assistant]Step 1: 2");
    }

    @Test
    void raiseExceptionInATemplateFailsTheRender() {
        ChatTemplate t = new ChatTemplate(new ChatTemplate.TokenizerConfig(
                "{% if messages[0]['role'] == 'system' %}{{ raise_exception('no system role') }}{% endif %}ok",
                null, null));
        assertThatThrownBy(() -> t.render(List.of(ChatMessage.system("x")), true))
                .hasMessageContaining("no system role");
        assertThat(t.render(List.of(ChatMessage.user("x")), true)).isEqualTo("ok");
    }

    @Test
    void modelsWithoutATemplateGetAPlainFormat() {
        ChatTemplate t = new ChatTemplate(ChatTemplate.TokenizerConfig.NONE);
        assertThat(t.hasTemplate()).isFalse();
        assertThat(t.render(Prompt.chat(ChatMessage.user("hi")) instanceof Prompt.Chat c ? c : null))
                .isEqualTo("User: hi\n\nAssistant:");
    }
}
