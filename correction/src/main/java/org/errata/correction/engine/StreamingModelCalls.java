package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.CopiedSpan;
import org.errata.correction.trace.Copying;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.CopySource;
import org.errata.runtime.api.CopyStats;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.GenerationRequest;
import org.jspecify.annotations.Nullable;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.SamplingConfig;
import org.errata.runtime.api.TokenEvent;
import org.errata.runtime.api.TokenListener;

/**
 * {@link ModelCalls} over real {@link LanguageModel}s: announces each node, streams its text as
 * {@link LoopEvent.TokenDelta}s, applies the strategy's {@link StreamCut}, and cancels the call
 * when the run is cancelled or the problem's deadline passes (checked between tokens).
 */
final class StreamingModelCalls implements ModelCalls {

    private static final System.Logger LOG = System.getLogger(StreamingModelCalls.class.getName());
    private static final long WATCH_PERIOD_MS = 50;
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "errata-call-watch");
        t.setDaemon(true);
        return t;
    });

    private final RunId run;
    private final ProblemId problem;
    private final ModelSet models;
    private final SamplingConfig sampling;
    private final Consumer<LoopEvent> emit;
    private final Cancellation runCancellation;
    private final Deadline deadline;
    private final List<String> studentStop;
    private final org.errata.runtime.tokenizer.@Nullable ChatTemplate studentTemplate;

    StreamingModelCalls(RunId run, ProblemId problem, ModelSet models, SamplingConfig sampling,
                        Consumer<LoopEvent> emit, Cancellation runCancellation, Deadline deadline) {
        this(run, problem, models, sampling, emit, runCancellation, deadline, null);
    }

    /**
     * With the student's model profile: its stop strings end every student call, and its chat
     * template (when it has one) renders the student's chat prompts in place of the model's own.
     */
    StreamingModelCalls(RunId run, ProblemId problem, ModelSet models, SamplingConfig sampling,
                        Consumer<LoopEvent> emit, Cancellation runCancellation, Deadline deadline,
                        org.errata.correction.parse.@Nullable ModelProfile student) {
        this.run = run;
        this.problem = problem;
        this.models = models;
        this.sampling = sampling;
        this.emit = emit;
        this.runCancellation = runCancellation;
        this.deadline = deadline;
        this.studentStop = student == null ? List.of() : student.stop();
        this.studentTemplate = student == null || student.chatTemplate() == null ? null
                : new org.errata.runtime.tokenizer.ChatTemplate(
                        new org.errata.runtime.tokenizer.ChatTemplate.TokenizerConfig(student.chatTemplate(), null, null));
    }

    @Override
    public Generation generate(CallSpec spec, int maxTokens) {
        if (spec.role() == ModelRole.STUDENT && studentTemplate != null && spec.prompt() instanceof Prompt.Chat chat) {
            spec = spec.withPrompt(Prompt.raw(studentTemplate.render(chat)));
        }
        LanguageModel model = models.model(spec.role());
        String modelId = model.info().id();
        int n = spec.nodes().size();
        for (int s = 0; s < n; s++) {
            NodeId node = spec.nodes().get(s);
            String label = n == 1 ? spec.label() : spec.label() + " #" + (s + 1);
            emit.accept(new LoopEvent.NodeStarted(run, problem, node, spec.parent(), spec.kind(), label));
        }
        String rendered;
        try {
            rendered = model.render(spec.prompt());
        } catch (ModelException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot render a prompt for " + modelId + ": " + e.getMessage(), e);
            return failedAll(modelId, describe(spec.prompt()), n, e);
        }
        Streams streams = new Streams(spec, n, rendered.length());
        List<String> stop = spec.role() == ModelRole.STUDENT ? studentStop : List.of();
        SamplingConfig callSampling = spec.temperature() == null ? sampling : sampling.withTemperature(spec.temperature());
        GenerationRequest request = new GenerationRequest(spec.prompt(), callSampling, maxTokens, stop, n,
                spec.topLogprobs());
        long start = System.nanoTime();
        GenerationResult result;
        // Between tokens the stream checks the run and the deadline itself; this also stops a call
        // whose server sends nothing at all.
        ScheduledFuture<?> watch = WATCH.scheduleAtFixedRate(() -> {
            if (runCancellation.isCancelled() || deadline.passed()) streams.cancellation.cancel();
        }, WATCH_PERIOD_MS, WATCH_PERIOD_MS, TimeUnit.MILLISECONDS);
        try {
            result = model.generate(request, streams, streams.cancellation);
        } catch (ModelException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "model call to " + modelId + " failed: " + e.getMessage(), e);
            return failedAll(modelId, rendered, n, e);
        } finally {
            watch.cancel(false);
        }
        long latencyMs = (System.nanoTime() - start) / 1_000_000;
        List<Generation.Sample> samples = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            Completion c = s < result.completions().size() ? result.completions().get(s)
                    : Completion.failed(s, "the backend returned no completion for sample " + s);
            int cutAt = streams.cutAt(s);
            String text = c.text();
            boolean cut = cutAt >= 0;
            if (cut) text = text.substring(0, Math.min(cutAt, text.length()));
            CallStats stats = new CallStats(s == 0 ? result.promptTokens() : 0,
                    s == 0 ? result.timings().cachedPromptTokens() : 0, c.completionTokens(), latencyMs,
                    result.timings().decodeNanos() / 1_000_000, copying(result, s, streams.copied(s), text.length()));
            samples.add(new Generation.Sample(text, c.finishReason(), cut && c.finishReason() != FinishReason.ERROR,
                    false, c.error(), c.logprobs(), stats));
        }
        return new Generation(modelId, rendered, samples);
    }

    /**
     * The call's copy figures (on the first sample, as its other costs) and the sample's copied
     * spans, cut to its text: starts and ends index the completion, sources its prompt followed
     * by the completion.
     */
    private static Copying copying(GenerationResult result, int sample, List<CopiedSpan> spans, int length) {
        CopyStats c = result.copy();
        List<CopiedSpan> kept = spans.stream().filter(x -> x.start() < length)
                .map(x -> new CopiedSpan(x.start(), Math.min(x.end(), length), x.source())).toList();
        if (sample != 0) return Copying.NONE.withSpans(kept);
        return new Copying(c.drafted(), c.accepted(), c.hits(), c.savedNanos() / 1_000_000, kept);
    }

    private static Generation failedAll(String modelId, String prompt, int n, Exception e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        List<Generation.Sample> samples = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            samples.add(new Generation.Sample("", FinishReason.ERROR, false, false, message, List.of(), CallStats.NONE));
        }
        return new Generation(modelId, prompt, samples);
    }

    private static String describe(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Raw raw -> raw.text();
            case Prompt.Chat chat -> chat.messages().toString();
        };
    }

    /** Per-sample accumulation, cuts and deltas of one call. */
    private final class Streams implements TokenListener {
        final Cancellation cancellation = new Cancellation();
        private final CallSpec spec;
        private final StringBuilder[] text;
        private final int[] emitted;
        private final int[] cutAt;
        private final int promptLength;
        private final List<List<CopiedSpan>> copied = new ArrayList<>();

        Streams(CallSpec spec, int n, int promptLength) {
            this.spec = spec;
            this.promptLength = promptLength;
            for (int i = 0; i < n; i++) copied.add(new ArrayList<>());
            this.text = new StringBuilder[n];
            for (int i = 0; i < n; i++) text[i] = new StringBuilder();
            this.emitted = new int[n];
            this.cutAt = new int[n];
            Arrays.fill(cutAt, -1);
        }

        @Override
        public synchronized void onToken(TokenEvent event) {
            int s = event.sample();
            if (s < 0 || s >= text.length || cutAt[s] >= 0) return;
            StringBuilder sb = text[s];
            CopySource from = event.copiedFrom();
            if (from != null && !event.text().isEmpty()) {
                int source = from.origin() == CopySource.Origin.PROMPT ? from.charOffset() : promptLength + from.charOffset();
                addCopied(copied.get(s), new CopiedSpan(sb.length(), sb.length() + event.text().length(), source));
            }
            sb.append(event.text());
            int keep = sb.length();
            StreamCut cut = spec.cut();
            if (cut != null) {
                int at = cut.cutAt(sb);
                if (at >= 0) {
                    cutAt[s] = Math.min(at, sb.length());
                    keep = cutAt[s];
                    cancellation.cancel();
                }
            }
            if (keep > emitted[s]) {
                emit.accept(new LoopEvent.TokenDelta(run, problem, spec.nodes().get(s), sb.substring(emitted[s], keep)));
                emitted[s] = keep;
            }
            if (runCancellation.isCancelled() || deadline.passed()) {
                cancellation.cancel();
            }
        }

        /** Adjacent copied pieces whose sources are adjacent too become one span. */
        private static void addCopied(List<CopiedSpan> spans, CopiedSpan next) {
            if (!spans.isEmpty()) {
                CopiedSpan last = spans.get(spans.size() - 1);
                if (last.end() == next.start() && last.source() + (last.end() - last.start()) == next.source()) {
                    spans.set(spans.size() - 1, new CopiedSpan(last.start(), next.end(), last.source()));
                    return;
                }
            }
            spans.add(next);
        }

        synchronized List<CopiedSpan> copied(int sample) {
            return List.copyOf(copied.get(sample));
        }

        synchronized int cutAt(int sample) {
            return cutAt[sample];
        }
    }
}
