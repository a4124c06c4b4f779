package org.errata.runtime.djl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.ModelInfo;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.TokenListener;

/**
 * A Llama-family model running in-process: the public API over a {@link ModelLoader loaded}
 * model. Prompts are rendered and encoded on the caller's thread; all engine work runs on the
 * {@link Scheduler}'s model thread, which decodes every request's samples together in one
 * {@link BatchCache}.
 */
final class DjlLanguageModel implements LanguageModel {

    private final ModelLoader.Loaded m;
    private final Scheduler scheduler;
    /** Log-probabilities recorded with every call (see {@link RuntimeOptions#topLogprobs()}). */
    private final int recordedLogprobs;
    private volatile boolean closed;

    private DjlLanguageModel(ModelLoader.Loaded m, RuntimeOptions options) {
        this.m = m;
        this.scheduler = new Scheduler(m, options);
        this.recordedLogprobs = options.topLogprobs();
    }

    static DjlLanguageModel load(Path folder, RuntimeOptions options) throws ModelLoadException {
        return load(folder, options, WeightsCache.configured(options));
    }

    /** {@link #load(Path, RuntimeOptions)} with a given weights cache. */
    static DjlLanguageModel load(Path folder, RuntimeOptions options, java.util.Optional<WeightsCache> weightsCache)
            throws ModelLoadException {
        DjlLanguageModel model = new DjlLanguageModel(ModelLoader.load(folder, options, weightsCache), options);
        model.scheduler.start();
        return model;
    }

    @Override
    public ModelInfo info() {
        return m.info();
    }

    LlamaConfig config() {
        return m.config();
    }

    /** Decoding steps so far that checked copy drafts (more than one new token per row). */
    long checkingSteps() {
        return scheduler.checkingSteps();
    }

    /** Prefill passes so far (requests prefilled together count once). */
    long prefillPasses() {
        return scheduler.prefillPasses();
    }

    /** Decoding steps so far, and the token slots (rows times tokens per row) they fed. */
    long[] decodeSteps() {
        return scheduler.steps();
    }

    @Override
    public String render(Prompt prompt) throws ModelException {
        return switch (prompt) {
            case Prompt.Raw raw -> raw.text();
            case Prompt.Chat chat -> {
                try {
                    yield m.template().render(chat);
                } catch (RuntimeException e) {
                    throw new ModelException(e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public int countTokens(String text) {
        return m.tokenizer().encode(text, false).length;
    }

    /** The token ids a prompt becomes. */
    int[] encode(Prompt prompt) throws ModelException {
        return encodeWithOffsets(prompt).ids();
    }

    private Scheduler.Encoded encodeWithOffsets(Prompt prompt) throws ModelException {
        String text = render(prompt);
        Scheduler.Encoded e = m.tokenizer().encodeWithOffsets(text, prompt instanceof Prompt.Raw);
        if (e.ids().length == 0 && m.config().bosTokenId() >= 0) {
            return new Scheduler.Encoded(new int[] {m.config().bosTokenId()}, new int[] {0});
        }
        return e;
    }

    @Override
    public GenerationResult generate(GenerationRequest request, TokenListener listener, Cancellation cancellation)
            throws ModelException {
        return generateBatch(List.of(request), listener, cancellation).get(0);
    }

    @Override
    public List<GenerationResult> generateBatch(List<GenerationRequest> requests, TokenListener listener,
            Cancellation cancellation) throws ModelException {
        if (requests.isEmpty()) {
            return List.of();
        }
        List<Scheduler.Encoded> prompts = new ArrayList<>();
        List<GenerationRequest> recorded = new ArrayList<>(requests.size());
        for (GenerationRequest r : requests) {
            prompts.add(encodeWithOffsets(r.prompt()));
            recorded.add(r.topLogprobs() < recordedLogprobs ? r.withTopLogprobs(recordedLogprobs) : r);
        }
        if (closed) {
            throw new ModelException("the model is closed");
        }
        CompletableFuture<List<GenerationResult>> future = scheduler.submit(recorded, prompts, listener, cancellation);
        try {
            return future.get();
        } catch (InterruptedException e) {
            cancellation.cancel();
            Thread.currentThread().interrupt();
            throw new ModelException("interrupted while generating", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ModelException("generation failed: " + (cause == null ? e : cause).getMessage(), cause);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.stop();
        m.tokenizer().close();
    }
}
