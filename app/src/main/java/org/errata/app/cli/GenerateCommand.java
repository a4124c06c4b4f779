package org.errata.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.ChatMessage;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenListener;
import org.errata.runtime.api.TokenLogprob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code errata generate}: one generation from a model, streamed or as JSON. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates text with a model (a Hugging Face folder, 'demo', or a server URL).")
public final class GenerateCommand implements Callable<Integer> {


    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "demo|PATH|URL", description = "The model to run.")
    String model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = "--chat", description = "Send the prompt as a user message through the chat template.")
    boolean chat;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message (with --chat).")
    String system;

    @Option(names = "--max-tokens", defaultValue = "256", description = "Tokens to generate at most (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 is greedy (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Keep the k most likely tokens; 0 is off.")
    int topK;

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus sampling mass; 1 is off.")
    double topP;

    @Option(names = "--min-p", defaultValue = "0", description = "Drop tokens below this fraction of the best; 0 is off.")
    double minP;

    @Option(names = "--seed", defaultValue = "0", description = "Sample i uses seed + i (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--n", defaultValue = "1", description = "Samples from one prompt (default ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--stop", paramLabel = "TEXT", description = "A stop string (repeatable).")
    List<String> stop = new ArrayList<>();

    @Option(names = "--logprobs", defaultValue = "-1", paramLabel = "K",
            description = "Report each token's log-probability and its K best alternatives.")
    int logprobs;

    @Option(names = "--json", description = "Print one JSON object instead of streaming text.")
    boolean json;

    @Mixin CopySpecOption copySpec = new CopySpecOption();

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or cuda (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads; 0 is one per core.")
    int threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GenerationRequest request;
        RuntimeOptions options;
        try {
            SamplingConfig sampling = new SamplingConfig(temperature, topK, topP, minP, seed);
            Prompt p = chat
                    ? Prompt.chat(system == null ? List.of(ChatMessage.user(prompt))
                            : List.of(ChatMessage.system(system), ChatMessage.user(prompt)))
                    : Prompt.raw(prompt);
            request = new GenerationRequest(p, sampling, maxTokens, stop, n, logprobs);
            // one call, printed as asked: --logprobs alone decides what comes back, not a run's recording default
            options = copySpec.apply(RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.parse(device))
                    .withThreads(threads).withTopLogprobs(-1));
        } catch (IllegalArgumentException e) {
            err.println("errata generate: " + e.getMessage());
            return 2;
        }
        try (LanguageModel m = org.errata.app.services.ModelSpecs.open(model, options)) {
            boolean stream = !json && n == 1;
            TokenListener listener = stream ? e -> {
                out.print(e.text());
                out.flush();
            } : TokenListener.NONE;
            GenerationResult result = m.generate(request, listener, Cancellation.none());
            if (json) {
                out.println(toJson(m, result));
            } else if (stream) {
                out.println();
            } else {
                for (Completion c : result.completions()) {
                    out.println("--- sample " + c.index() + " (" + c.finishReason().wireName() + ")");
                    out.println(c.text());
                }
            }
            if (!json) {
                double secs = result.timings().decodeNanos() / 1e9;
                err.printf("[%d prompt tokens (%d cached), %d generated, prefill %d ms, decode %.0f ms, %.1f tokens/s]%n",
                        result.promptTokens(), result.timings().cachedPromptTokens(), result.completionTokens(),
                        result.timings().prefillNanos() / 1_000_000, secs * 1000,
                        secs > 0 ? result.completionTokens() / secs : 0.0);
            }
            return result.completions().stream().anyMatch(c -> c.error() != null) ? 1 : 0;
        } catch (ModelException e) {
            err.println("errata generate: " + e.getMessage());
            return 1;
        }
    }

    private static String toJson(LanguageModel m, GenerationResult r) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        o.put("model", m.info().id());
        o.put("architecture", m.info().architecture());
        o.put("device", m.info().device());
        o.put("prompt_tokens", r.promptTokens());
        o.put("completion_tokens", r.completionTokens());
        ObjectNode t = o.putObject("timings");
        t.put("prefill_ms", r.timings().prefillNanos() / 1e6);
        t.put("decode_ms", r.timings().decodeNanos() / 1e6);
        t.put("cached_prompt_tokens", r.timings().cachedPromptTokens());
        double secs = r.timings().decodeNanos() / 1e9;
        t.put("tokens_per_second", secs > 0 ? r.completionTokens() / secs : 0.0);
        ObjectNode copy = o.putObject("copyspec");
        copy.put("drafted", r.copy().drafted());
        copy.put("accepted", r.copy().accepted());
        copy.put("rejected", r.copy().rejected());
        copy.put("hits", r.copy().hits());
        copy.put("saved_ms", r.copy().savedNanos() / 1e6);
        ArrayNode cs = o.putArray("completions");
        for (Completion c : r.completions()) {
            ObjectNode cn = cs.addObject();
            cn.put("index", c.index());
            cn.put("text", c.text());
            cn.put("finish_reason", c.finishReason().wireName());
            cn.put("tokens", c.completionTokens());
            if (c.error() != null) {
                cn.put("error", c.error());
            }
            if (!c.logprobs().isEmpty()) {
                ArrayNode lps = cn.putArray("logprobs");
                for (TokenLogprob lp : c.logprobs()) {
                    ObjectNode ln = lps.addObject();
                    ln.put("token", lp.token());
                    ln.put("logprob", lp.logprob());
                    ArrayNode top = ln.putArray("top");
                    lp.top().forEach(a -> top.addObject().put("token", a.token()).put("logprob", a.logprob()));
                }
            }
        }
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
