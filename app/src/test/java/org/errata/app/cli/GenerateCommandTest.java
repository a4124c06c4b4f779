package org.errata.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.errata.app.Main;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.djl.RandomModelWriter;
import org.errata.runtime.safetensors.DType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsJsonWithTextTokensFinishReasonAndTimings(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("tiny");
        RandomModelWriter.write(model, LlamaConfig.llama(32, 64, 1, 2, 1, RandomModelWriter.vocabularySize(), 256,
                true), 1, 0.2, DType.F32);
        Run r = run("generate", "--model", model.toString(), "--prompt", "1 + 1 = ", "--max-tokens", "6",
                "--n", "2", "--temperature", "0.8", "--seed", "3", "--logprobs", "2", "--device", "cpu",
                "--threads", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.path("completions")).hasSize(2);
        JsonNode c = json.path("completions").get(0);
        assertThat(c.path("finish_reason").asText()).isIn("stop", "length");
        assertThat(c.path("tokens").asInt()).isBetween(1, 6);
        assertThat(c.path("logprobs").get(0).path("top")).hasSize(2);
        assertThat(json.path("prompt_tokens").asInt()).isPositive();
        assertThat(json.path("timings").has("decode_ms")).isTrue();
        assertThat(json.path("architecture").asText()).isEqualTo("LlamaForCausalLM");

        Run streamed = run("generate", "--model", model.toString(), "--prompt", "1 + 1 = ", "--max-tokens", "6",
                "--device", "cpu", "--threads", "1");
        Run greedyJson = run("generate", "--model", model.toString(), "--prompt", "1 + 1 = ", "--max-tokens", "6",
                "--device", "cpu", "--threads", "1", "--json");
        String text = new ObjectMapper().readTree(greedyJson.out()).path("completions").get(0).path("text").asText();
        assertThat(streamed.out()).isEqualTo(text + System.lineSeparator());
    }

    @Test
    void aMissingModelIsAClearErrorAndDemoIsTheBundledModel(@TempDir Path dir) {
        Run missing = run("generate", "--model", dir.resolve("none").toString(), "--prompt", "x");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("model folder not found").contains("none");
        System.clearProperty(org.errata.app.services.ModelSpecs.DEMO_PROPERTY);
        if (System.getenv("ERRATA_DEMO_MODEL") == null) {
            Run demo = run("generate", "--model", "demo", "--chat", "--prompt", "What is 6 + 4 + 39?",
                    "--max-tokens", "12", "--threads", "1");
            assertThat(demo.code()).isZero();
            assertThat(demo.out()).startsWith("Step 1: ");
        }
    }

    @Test
    void copySpecIsSwitchedPerRunAndTheTextStaysTheSame() throws Exception {
        System.clearProperty(org.errata.app.services.ModelSpecs.DEMO_PROPERTY);
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("ERRATA_DEMO_MODEL") == null);
        String[] common = {"generate", "--model", "demo", "--chat", "--prompt", "What is 97 * 7 + 96?",
                "--max-tokens", "200", "--device", "cpu", "--threads", "1", "--json"};
        // every draft checked (the planner's choice depends on measured step times), so some are accepted
        System.setProperty("errata.copyspec.checkEveryDraft", "true");
        JsonNode on;
        try {
            on = new ObjectMapper().readTree(run(concat(common, "--copyspec", "on", "--copyspec-gamma", "4")).out());
        } finally {
            System.clearProperty("errata.copyspec.checkEveryDraft");
        }
        JsonNode off = new ObjectMapper().readTree(run(concat(common, "--copyspec", "off")).out());
        assertThat(on.path("completions").get(0).path("text").asText())
                .isEqualTo(off.path("completions").get(0).path("text").asText());
        assertThat(on.path("copyspec").path("accepted").asInt()).isPositive();
        assertThat(off.path("copyspec").path("drafted").asInt()).isZero();

        Run bad = run("generate", "--model", "demo", "--prompt", "x", "--copyspec", "maybe");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("errata generate: --copyspec must be on or off, not 'maybe'");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
