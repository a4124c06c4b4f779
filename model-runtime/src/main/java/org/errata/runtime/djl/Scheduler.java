package org.errata.runtime.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.CopySource;
import org.errata.runtime.api.CopySpec;
import org.errata.runtime.api.CopyStats;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.Timings;
import org.errata.runtime.api.TokenEvent;
import org.errata.runtime.api.TokenListener;
import org.errata.runtime.api.TokenLogprob;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model thread: callers enqueue {@link Job}s; the thread prefills new requests (reusing a
 * cached prefix when one matches), then decodes every active sequence of every request together
 * in one {@link BatchCache}. A step feeds each row its pending token and, with {@link CopySpec}
 * on, the draft its {@link CopyDrafter} proposes; the row keeps the drafted tokens the model
 * confirms and the cache rolls the rest back.
 */
final class Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    /**
     * At most this many token slots per step when rows are batched with drafts (rows times the
     * widest draft plus one); past it drafts are cut so wide batches stay one token per row.
     */
    static final int MAX_STEP_TOKENS = 128;

    /**
     * Requests admitted together are prefilled in one pass per {@link PrefillGroups} group;
     * {@code -Derrata.prefill.together=false} prefills each alone (to compare both on one machine).
     */
    static final boolean TOGETHER = !"false".equals(System.getProperty("errata.prefill.together"));

    private final ModelLoader.Loaded m;
    private final LlamaConfig config;
    private final DecodeStep decoder;
    private final int maxBatch;
    private final int threads;
    private final CopySpec copySpec;
    private final PrefixCache prefixCache;
    private final BatchCache batch;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final ArrayDeque<Req> waiting = new ArrayDeque<>();
    private final List<Seq> active = new ArrayList<>();
    private final DraftPlanner planner = new DraftPlanner();
    /** Decoding steps that checked drafts (more than one token per row). */
    private volatile long checkingSteps;
    /** Decoding steps, and the token slots (rows times tokens per row) they fed. */
    private volatile long steps;
    private volatile long stepSlots;
    private volatile long prefillPasses;
    /** The last decoding step's logits, whose array the next step of the same size fills again. */
    private float @Nullable [] stepLogits;

    Scheduler(ModelLoader.Loaded m, RuntimeOptions options) {
        this.m = m;
        this.config = m.config();
        this.decoder = new DecodeStep(m.weights(), m.root());
        this.maxBatch = options.maxBatch();
        this.threads = DjlEngine.threads();
        this.copySpec = options.copySpec();
        this.prefixCache = new PrefixCache(options.prefixCacheEntries());
        this.batch = new BatchCache(m.root(), config, m.dataType());
        this.thread = new Thread(this::loop, "errata-model-" + m.folder().getFileName());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    CompletableFuture<List<GenerationResult>> submit(List<GenerationRequest> requests, List<Encoded> prompts,
            TokenListener listener, org.errata.runtime.api.Cancellation cancellation) {
        Job job = new Job(requests, prompts, listener, cancellation);
        queue.add(job);
        return job.future;
    }

    void stop() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How many decoding steps so far checked drafts (more than one new token per row). */
    long checkingSteps() {
        return checkingSteps;
    }

    /** How many prefill passes so far (requests prefilled together count once). */
    long prefillPasses() {
        return prefillPasses;
    }

    /** How many decoding steps so far, and how many token slots (rows times tokens per row) they fed. */
    long[] steps() {
        return new long[] {steps, stepSlots};
    }

    /** A prompt's token ids and where each token starts in the rendered text. */
    record Encoded(int[] ids, int[] charStarts) {}

    /** One caller's requests. */
    private static final class Job {
        final List<GenerationRequest> requests;
        final List<Encoded> prompts;
        final TokenListener listener;
        final org.errata.runtime.api.Cancellation cancellation;
        final CompletableFuture<List<GenerationResult>> future = new CompletableFuture<>();
        final @Nullable GenerationResult[] results;
        int open;

        Job(List<GenerationRequest> requests, List<Encoded> prompts, TokenListener listener,
                org.errata.runtime.api.Cancellation c) {
            this.requests = requests;
            this.prompts = prompts;
            this.listener = listener;
            this.cancellation = c;
            this.results = new GenerationResult[requests.size()];
            this.open = requests.size();
        }
    }

    /** One request of a job, while its samples run. */
    private static final class Req {
        final Job job;
        final int index;
        final GenerationRequest request;
        final int[] prompt;
        final int[] charStarts;
        final @Nullable Completion[] completions;
        int open;
        long prefillNanos;
        long decodeStart;
        int cached;
        /** Its samples are in the batch (a failure after this is theirs, not the prefill's). */
        boolean begun;
        CopyStats copy = CopyStats.NONE;

        Req(Job job, int index) {
            this.job = job;
            this.index = index;
            this.request = job.requests.get(index);
            this.prompt = job.prompts.get(index).ids();
            this.charStarts = job.prompts.get(index).charStarts();
            this.completions = new Completion[request.n()];
            this.open = request.n();
        }
    }

    /** One sample: a row of the batch while it is active. */
    private final class Seq {
        final Req req;
        final int sample;
        final SplittableRandom random;
        final TextStream stream;
        final List<TokenLogprob> logprobs = new ArrayList<>();
        final @Nullable CopyDrafter drafter;
        /** Per generated token, the characters of the completion streamed before it. */
        int[] charAt = new int[16];
        int streamedChars;
        int[] fed;
        int fedCount;
        int generated;
        int pending;
        int position;
        boolean finished;
        int drafted;
        int accepted;
        /** How far back the match of the current draft reaches. */
        int matchLength;
        /** Where the current draft was copied from and how far its match reaches (reused every step). */
        final int[] at = new int[2];
        int hits;
        long savedNanos;

        Seq(Req req, int sample) {
            this.req = req;
            this.sample = sample;
            this.random = new SplittableRandom(req.request.sampling().seed() + sample);
            this.stream = new TextStream(m.tokenizer(), req.request.stop());
            this.fed = Arrays.copyOf(req.prompt, req.prompt.length + 16);
            this.fedCount = req.prompt.length;
            this.position = req.prompt.length;
            CopySpec asked = req.request.copySpec();
            CopySpec cs = asked != null ? asked : copySpec;
            if (cs.enabled()) {
                drafter = new CopyDrafter(cs.gamma(), cs.maxDraft(), !planner.checksEveryDraft());
                drafter.appendAll(req.prompt);
            } else {
                drafter = null;
            }
        }

        void feed(int token) {
            if (fedCount == fed.length) {
                fed = Arrays.copyOf(fed, fed.length * 2);
            }
            fed[fedCount++] = token;
            position++;
        }

        CopyStats stats() {
            return new CopyStats(drafted, accepted, drafted - accepted, hits, savedNanos);
        }

        /** Where the context token at {@code index} came from. */
        CopySource source(int index) {
            int p = req.prompt.length;
            if (index < p) {
                return new CopySource(CopySource.Origin.PROMPT, index, req.charStarts[index]);
            }
            int g = index - p;
            return new CopySource(CopySource.Origin.OUTPUT, g, charAt[g]);
        }
    }

    private void loop() {
        DjlEngine.inferenceOnThisThread();
        NativeMemory.returnLargeBlocks();
        try {
            while (true) {
                if (active.isEmpty() && waiting.isEmpty()) {
                    Job next = queue.poll(NativeMemory.IDLE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                    if (next == null) {
                        NativeMemory.release();
                        next = queue.take();
                    }
                    enqueue(next);
                }
                Job j;
                while ((j = queue.poll()) != null) {
                    enqueue(j);
                }
                admit();
                if (!active.isEmpty()) {
                    step();
                }
            }
        } catch (InterruptedException e) {
            // stop() ends the thread
        } finally {
            List<Job> left = new ArrayList<>();
            queue.drainTo(left);
            active.forEach(s -> fail(s.req.job));
            waiting.forEach(r -> fail(r.job));
            left.forEach(this::fail);
            batch.close();
            prefixCache.close();
            m.closeWeights();
        }
    }

    private void fail(Job job) {
        job.future.completeExceptionally(new ModelException("the model was closed"));
    }

    private void enqueue(Job job) {
        for (int i = 0; i < job.requests.size(); i++) {
            waiting.add(new Req(job, i));
        }
    }

    /**
     * Takes waiting requests into the batch while there is room: those that {@link PrefillGroups}
     * puts together are prefilled in one pass per group, the others one by one after them.
     */
    private void admit() {
        List<Req> admitted = new ArrayList<>();
        int rows = active.size();
        while (!waiting.isEmpty()) {
            Req r = waiting.peek();
            if (rows > 0 && rows + r.request.n() > maxBatch) {
                break;
            }
            waiting.poll();
            admitted.add(r);
            rows += r.request.n();
        }
        List<Req> alone = new ArrayList<>(admitted);
        if (admitted.size() > 1 && TOGETHER) {
            List<Req> groupable = new ArrayList<>();
            List<PrefixCache.@Nullable Hit> hits = new ArrayList<>();
            List<PrefillGroups.Candidate> candidates = new ArrayList<>();
            for (Req r : admitted) {
                if (!r.job.cancellation.isCancelled() && r.prompt.length > 0
                        && r.prompt.length < config.maxPositionEmbeddings()) {
                    PrefixCache.Hit hit = prefixCache.lookup(r.prompt);
                    groupable.add(r);
                    hits.add(hit);
                    candidates.add(new PrefillGroups.Candidate(r.prompt, hit == null ? null : hit.entry(),
                            hit == null ? 0 : hit.length()));
                }
            }
            for (List<Integer> g : PrefillGroups.of(candidates)) {
                List<Req> group = g.stream().map(groupable::get).toList();
                alone.removeAll(group);
                guarded(group, () -> startTogether(group, hits.get(g.get(0))));
            }
        }
        for (Req r : alone) {
            guarded(List.of(r), () -> start(r));
        }
    }

    /** Runs a prefill; if it throws, every sample of its requests ends failed. */
    private void guarded(List<Req> requests, Runnable prefill) {
        try {
            prefill.run();
        } catch (RuntimeException e) {
            LOG.error("prefill failed", e);
            for (Req r : requests) {
                for (int s = 0; s < r.request.n() && !r.begun; s++) {
                    if (r.completions[s] == null) {
                        complete(r, s, Completion.failed(s, "prefill failed: " + e.getMessage()));
                    }
                }
            }
        }
    }

    /** Prefills a request and adds its samples to the batch. */
    private void start(Req r) {
        GenerationRequest q = r.request;
        if (r.job.cancellation.isCancelled()) {
            for (int s = 0; s < q.n(); s++) {
                complete(r, s, new Completion(s, "", FinishReason.CANCELLED, 0, List.of(), null));
            }
            return;
        }
        if (r.prompt.length == 0 || r.prompt.length >= config.maxPositionEmbeddings()) {
            String why = "the prompt has " + r.prompt.length + " tokens; the model's context is "
                    + config.maxPositionEmbeddings();
            for (int s = 0; s < q.n(); s++) {
                complete(r, s, Completion.failed(s, why));
            }
            return;
        }
        prefill(List.of(r), prefixCache.lookup(r.prompt));
    }

    /**
     * Prefills requests that continue the same cached prefix ({@code hit}, or none) in one pass
     * ({@link #prefill}), or each alone when the cache no longer gives all of them that hit.
     */
    private void startTogether(List<Req> group, PrefixCache.@Nullable Hit hit) {
        for (Req r : group) {
            // an earlier group's prompts may have pushed the shared prefix out of the cache
            PrefixCache.Hit now = prefixCache.lookup(r.prompt);
            if ((now == null) != (hit == null) || (now != null && (now.entry() != hit.entry() || now.length() != hit.length()))) {
                for (Req alone : group) {
                    guarded(List.of(alone), () -> start(alone));
                }
                return;
            }
        }
        prefill(group, hit);
    }

    /**
     * Prefills {@code group} (one request, or several continuing the same cached prefix {@code hit})
     * in one pass and adds their samples to the batch: the prompts' remaining tokens padded at the
     * end to the longest (a causal mask keeps padding out of every real token's view), the logits
     * taken at each row's last token, and each row's keys and values cut to its own length (one
     * request's are computed in place). Each request is charged its share of the pass's time by tokens.
     */
    private void prefill(List<Req> group, PrefixCache.@Nullable Hit hit) {
        int rows = group.size();
        int past = hit == null ? 0 : hit.length();
        int[] len = new int[rows];
        int width = 0;
        long total = 0;
        for (int i = 0; i < rows; i++) {
            len[i] = group.get(i).prompt.length - past;
            width = Math.max(width, len[i]);
            total += len[i];
        }
        long t0 = System.nanoTime();
        float[] logits;
        List<KvArrays> kvs = new ArrayList<>();
        DjlEngine.useThreads(threads);
        try (NDManager step = m.root().newSubManager()) {
            // one request computes straight into its own keys and values; a group into one batch of
            // them, each row then copied out to its own length
            KvArrays all = new KvArrays(rows == 1 ? m.root() : step, config.numLayers());
            if (rows == 1) {
                kvs.add(all);
            }
            if (hit != null) {
                copyPrefix(hit, rows, all);
            }
            long[] ids = new long[rows * width];
            long[] at = new long[rows];
            for (int i = 0; i < rows; i++) {
                int[] prompt = group.get(i).prompt;
                for (int j = 0; j < width; j++) {
                    // padding repeats the row's last token: any id would do, the mask hides it
                    ids[i * width + j] = prompt[past + Math.min(j, len[i] - 1)];
                }
                at[i] = len[i] - 1;
            }
            NDArray idArray = step.create(ids, new Shape(rows, width));
            NDList rope = LlamaForward.ropeTables(step, config, LlamaForward.positions(rows, width, past), m.dataType());
            NDArray mask = LlamaForward.causalMask(step, width, past, config.slidingWindow(), m.dataType());
            prefillPasses++;
            NDArray out = LlamaForward.forwardAt(m.weights(), idArray, rope.get(0), rope.get(1), mask, all, at);
            logits = DecodeStep.floatsOf(out, null);
            for (int i = 0; rows > 1 && i < rows; i++) {
                KvArrays kv = new KvArrays(m.root(), config.numLayers());
                kvs.add(kv);
                NDIndex row = new NDIndex(i + ":" + (i + 1) + ", :, 0:" + (past + len[i]));
                for (int l = 0; l < config.numLayers(); l++) {
                    kv.put(l, all.keys[l].get(row).duplicate(), all.values[l].get(row).duplicate());
                }
            }
        } catch (RuntimeException e) {
            kvs.forEach(KvArrays::close);
            throw e;
        }
        long nanos = System.nanoTime() - t0;
        int i = 0;
        try {
            for (; i < rows; i++) {
                Req r = group.get(i);
                r.cached = past;
                r.prefillNanos = nanos * len[i] / total;
                begin(r, kvs.get(i), logits, i * config.vocabSize());
            }
        } catch (RuntimeException e) {
            kvs.subList(i + 1, rows).forEach(KvArrays::close);
            throw e;
        }
        compact();
    }

    /**
     * Adds a prefilled request's samples to the batch and samples each one's first token from the
     * prompt's last logits (at {@code offset}); the prefix cache keeps the prompt's keys and values.
     */
    private void begin(Req r, KvArrays kv, float[] logits, int offset) {
        GenerationRequest q = r.request;
        r.decodeStart = System.nanoTime();
        List<Seq> seqs = new ArrayList<>();
        try {
            for (int s = 0; s < q.n(); s++) {
                seqs.add(new Seq(r, s));
            }
            batch.join(kv, seqs.size());
            active.addAll(seqs);
            r.begun = true;
        } catch (RuntimeException e) {
            kv.close();
            throw e;
        }
        prefixCache.put(r.prompt, kv);
        for (Seq seq : seqs) {
            if (!seq.finished) {
                accept(seq, Sampler.sample(logits, offset, config.vocabSize(), q.sampling(), seq.random), logits, offset,
                        null);
            }
        }
    }

    /** The cached prefix's keys and values (its first {@code hit.length()} columns), repeated for {@code rows} rows, into {@code kv}. */
    private void copyPrefix(PrefixCache.Hit hit, int rows, KvArrays kv) {
        KvArrays from = hit.entry().kv();
        NDIndex cut = new NDIndex(":, :, 0:" + hit.length());
        long[] tile = {rows, 1, 1, 1};
        for (int l = 0; l < config.numLayers(); l++) {
            NDArray k = from.keys[l].get(cut);
            NDArray v = from.values[l].get(cut);
            if (rows == 1) {
                kv.put(l, k, v);
            } else {
                try (k; v) {
                    kv.put(l, k.tile(tile), v.tile(tile));
                }
            }
        }
    }

    /** One decoding step for every active row: its pending token, and its draft when it has one. */
    private void step() {
        for (Seq s : List.copyOf(active)) {
            if (!s.finished && s.req.job.cancellation.isCancelled()) {
                finish(s, FinishReason.CANCELLED, null);
            }
        }
        compact();
        if (active.isEmpty()) {
            return;
        }
        int rows = active.size();
        int[][] drafts = new int[rows][];
        int[] from = new int[rows];
        int t = drafts(drafts, from);
        int width = batch.width();
        batch.reserve(t);
        float[] logits;
        long t0 = System.nanoTime();
        try (NDManager step = m.root().newSubManager()) {
            long[] ids = new long[rows * t];
            int[] positions = new int[rows * t];
            for (int r = 0; r < rows; r++) {
                Seq s = active.get(r);
                for (int i = 0; i < t; i++) {
                    // padding past a row's draft repeats its pending token; those columns are rolled back
                    ids[r * t + i] = i == 0 || i > drafts[r].length ? s.pending : drafts[r][i - 1];
                    positions[r * t + i] = s.position + i;
                }
            }
            logits = decoder.logits(step, batch.storage(), width, t, ids, positions, batch.mask(t),
                    m.device().equals("cpu") ? threads : 0).floats(stepLogits);
            stepLogits = logits;
        } catch (RuntimeException e) {
            LOG.error("decoding step failed", e);
            for (Seq s : List.copyOf(active)) {
                finish(s, FinishReason.ERROR, "decoding failed: " + e.getMessage());
            }
            compact();
            return;
        }
        long nanos = System.nanoTime() - t0;
        steps++;
        stepSlots += (long) rows * t;
        if (t > 1) {
            checkingSteps++;
        }
        planner.record(rows, t, nanos);
        double plainStepNanos = planner.cost(rows, 1);
        int vocab = config.vocabSize();
        int[] kept = new int[rows];
        int keptDrafted = 0;
        List<Seq> rowsNow = List.copyOf(active);
        for (int r = 0; r < rows; r++) {
            Seq s = rowsNow.get(r);
            s.feed(s.pending);
            kept[r] = 1;
            int[] d = drafts[r];
            if (d.length > 0) {
                // counted first: a token may finish the sample, which reports these figures
                s.drafted += d.length;
                s.hits++;
                if (plainStepNanos > 0) {
                    s.savedNanos -= (long) Math.max(0, nanos - plainStepNanos);
                }
            }
            int j = 0;
            while (true) {
                int offset = (r * t + j) * vocab;
                // the standard rule for a deterministic draft, as a coupling: see Sampler#verify
                int token = Sampler.verify(logits, offset, vocab, s.req.request.sampling(), s.random);
                boolean copied = j < d.length && token == d[j];
                if (copied) {
                    s.accepted++;
                    s.savedNanos += (long) plainStepNanos;
                }
                accept(s, token, logits, offset, copied ? s.source(from[r] + j) : null);
                if (!copied || s.finished) {
                    break;
                }
                s.feed(token);
                kept[r]++;
                j++;
            }
            keptDrafted += j;
            if (d.length > 0 && s.drafter != null) {
                s.drafter.accepted(j, d.length);
                planner.recordDraft(s.matchLength, d.length, j);
            }
        }
        planner.recordCheck(rows, t, nanos, keptDrafted);
        batch.commit(t, kept);
        compact();
    }

    /**
     * Fills each row's draft (empty without one) and returns the tokens per row of this step: one
     * plus the draft length the {@link DraftPlanner} finds fastest (drafts are cut to it), within
     * {@link #MAX_STEP_TOKENS} for the whole batch.
     */
    private int drafts(int[][] drafts, int[] from) {
        int rows = active.size();
        int budget = rows == 1 ? DraftPlanner.MAX_WIDTH - 1 : Math.max(0, MAX_STEP_TOKENS / rows - 1);
        boolean any = false;
        for (int r = 0; r < rows; r++) {
            Seq s = active.get(r);
            int[] d = CopyDrafter.NONE;
            if (s.drafter != null && budget > 0) {
                int room = Math.min(s.req.request.maxTokens() - s.generated - 1,
                        config.maxPositionEmbeddings() - s.position - 2);
                d = s.drafter.draft(Math.min(room, budget), s.at);
                if (d.length > 0) {
                    from[r] = s.at[0];
                    s.matchLength = s.at[1];
                    any = true;
                }
            }
            drafts[r] = d;
        }
        if (!any) {
            return 1; // no row has a draft: the plain one-token step, as with CopySpec off
        }
        int[] lengths = new int[rows];
        double[] acceptance = new double[rows];
        for (int r = 0; r < rows; r++) {
            lengths[r] = drafts[r].length;
            acceptance[r] = lengths[r] == 0 ? 0 : planner.acceptance(active.get(r).matchLength);
        }
        int t = planner.width(lengths, acceptance);
        for (int r = 0; r < rows; r++) {
            if (drafts[r].length > t - 1) {
                drafts[r] = Arrays.copyOf(drafts[r], t - 1);
                if (t == 1) {
                    // not checked: what such matches achieve drifts back to the prior, to be tried again
                    planner.passOver(active.get(r).matchLength);
                }
            }
        }
        return t;
    }

    /** Handles a sampled token: stream it, or end the sample. */
    private void accept(Seq s, int token, float[] logits, int offset, @Nullable CopySource copiedFrom) {
        GenerationRequest q = s.req.request;
        if (s.generated == s.charAt.length) {
            s.charAt = Arrays.copyOf(s.charAt, s.charAt.length * 2);
        }
        s.charAt[s.generated] = s.streamedChars;
        s.generated++;
        if (s.drafter != null) {
            s.drafter.append(token);
        }
        TokenLogprob lp = q.wantsLogprobs()
                ? Sampler.logprob(logits, offset, config.vocabSize(), token, q.topLogprobs(), m.tokenizer()) : null;
        if (lp != null) {
            s.logprobs.add(lp);
        }
        if (m.eos().contains(token)) {
            finish(s, FinishReason.STOP, null);
            return;
        }
        String piece = s.stream.push(token);
        s.streamedChars += piece.length();
        if (!emit(s, piece, lp, copiedFrom)) {
            return;
        }
        if (s.stream.stopped()) {
            finish(s, FinishReason.STOP, null);
        } else if (s.generated >= q.maxTokens() || s.position + 1 >= config.maxPositionEmbeddings()) {
            finish(s, FinishReason.LENGTH, null);
        } else {
            s.pending = token;
        }
    }

    private boolean emit(Seq s, String text, @Nullable TokenLogprob lp, @Nullable CopySource copiedFrom) {
        try {
            s.req.job.listener.onToken(new TokenEvent(s.req.index, s.sample, s.generated - 1, text, lp, copiedFrom));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("token listener failed", e);
            finish(s, FinishReason.ERROR, "token listener failed: " + e);
            return false;
        }
    }

    private void finish(Seq s, FinishReason reason, @Nullable String error) {
        if (s.finished) {
            return;
        }
        s.finished = true;
        if (reason != FinishReason.ERROR) {
            String rest = s.stream.finish();
            if (!rest.isEmpty()) {
                emit(s, rest, null, null);
            }
        }
        s.req.copy = s.req.copy.plus(s.stats());
        String text = reason == FinishReason.ERROR ? "" : s.stream.text();
        complete(s.req, s.sample, new Completion(s.sample, text, reason, s.generated, s.logprobs, error));
    }

    private void complete(Req r, int sample, Completion c) {
        if (r.completions[sample] != null) {
            return;
        }
        r.completions[sample] = c;
        if (--r.open > 0) {
            return;
        }
        long decode = r.decodeStart == 0 ? 0 : System.nanoTime() - r.decodeStart;
        Job job = r.job;
        job.results[r.index] = new GenerationResult(List.of(r.completions), r.prompt.length,
                new Timings(r.prefillNanos, decode, r.cached), r.copy);
        if (--job.open == 0) {
            job.future.complete(List.of(job.results));
        }
    }

    /** Drops finished rows from the batch, keeping finished single samples in the prefix cache. */
    private void compact() {
        if (active.stream().noneMatch(s -> s.finished)) {
            return;
        }
        List<Integer> keep = new ArrayList<>();
        for (int r = 0; r < active.size(); r++) {
            Seq s = active.get(r);
            if (!s.finished) {
                keep.add(r);
            } else if (s.req.request.n() == 1 && s.req.completions[0] != null
                    && s.req.completions[0].finishReason() != FinishReason.ERROR
                    && batch.tokens(r) == s.fedCount) {
                prefixCache.put(Arrays.copyOf(s.fed, s.fedCount), batch.copyRow(r));
            }
        }
        batch.keep(keep.stream().mapToInt(Integer::intValue).toArray());
        active.removeIf(s -> s.finished);
    }
}
