package org.errata.runtime.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.errata.runtime.api.Cancellation;
import org.errata.runtime.api.Completion;
import org.errata.runtime.api.FinishReason;
import org.errata.runtime.api.GenerationRequest;
import org.errata.runtime.api.GenerationResult;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.ModelInfo;
import org.errata.runtime.api.ModelLoadException;
import org.errata.runtime.api.Prompt;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.api.Timings;
import org.errata.runtime.api.TokenEvent;
import org.errata.runtime.api.TokenListener;
import org.errata.runtime.api.TokenLogprob;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.errata.runtime.safetensors.SafetensorsException;
import org.errata.runtime.tokenizer.ChatTemplate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Llama-family model running in-process. All engine work happens on one model thread that
 * owns the weights and caches: callers enqueue jobs; the thread prefills new requests (reusing
 * a cached prefix when one matches), then decodes every active sequence of every request
 * together, one token per step, with a padded batch KV cache and a per-row mask.
 */
final class DjlLanguageModel implements LanguageModel {

    private static final Logger LOG = LoggerFactory.getLogger(DjlLanguageModel.class);

    private final Path folder;
    private final LlamaConfig config;
    private final HfTokenizer tokenizer;
    private final ChatTemplate template;
    private final Set<Integer> eos;
    private final List<Path> weightFiles;
    private final String device;
    private final DataType dataType;
    private final NDManager root;
    private final LlamaWeights weights;
    private final DecodeStep decoder;
    private final int maxBatch;
    /** Engine threads for prefill and the large pieces of a decoding step (small ones use one: {@link DecodeStep#threadsFor}). */
    private final int threads;
    private final PrefixCache prefixCache;
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile @Nullable ModelInfo info;

    private DjlLanguageModel(Path folder, LlamaConfig config, HfTokenizer tokenizer, ChatTemplate template,
            Set<Integer> eos, List<Path> weightFiles, String device, DataType dataType, NDManager root,
            LlamaWeights weights, RuntimeOptions options) {
        this.folder = folder;
        this.config = config;
        this.tokenizer = tokenizer;
        this.template = template;
        this.eos = Set.copyOf(eos);
        this.weightFiles = List.copyOf(weightFiles);
        this.device = device;
        this.dataType = dataType;
        this.root = root;
        this.weights = weights;
        this.decoder = new DecodeStep(weights, root);
        this.maxBatch = options.maxBatch();
        this.threads = DjlEngine.threads();
        this.prefixCache = new PrefixCache(options.prefixCacheEntries());
        this.thread = new Thread(this::loop, "errata-model-" + folder.getFileName());
        this.thread.setDaemon(true);
    }

    static DjlLanguageModel load(Path folder, RuntimeOptions options) throws ModelLoadException {
        if (!Files.isDirectory(folder)) {
            throw new ModelLoadException("model folder not found: " + folder);
        }
        LlamaConfig config = LlamaConfig.read(folder.resolve("config.json"));
        Path tokenizerFile = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new ModelLoadException(tokenizerFile + ": file not found");
        }
        ChatTemplate.TokenizerConfig tc;
        Path tcFile = folder.resolve("tokenizer_config.json");
        try {
            tc = ChatTemplate.TokenizerConfig.read(tcFile);
        } catch (IOException e) {
            throw new ModelLoadException(tcFile + ": cannot read: " + e.getMessage(), e);
        }
        Set<Integer> eos = new LinkedHashSet<>(config.eosTokenIds());
        Path gcFile = folder.resolve("generation_config.json");
        if (Files.isRegularFile(gcFile)) {
            try {
                JsonNode gc = new ObjectMapper().readTree(Files.readString(gcFile));
                List<Integer> ids = new ArrayList<>();
                LlamaConfig.addIds(gc.path("eos_token_id"), ids);
                eos.addAll(ids);
            } catch (IOException e) {
                throw new ModelLoadException(gcFile + ": cannot read: " + e.getMessage(), e);
            }
        }
        Engine engine = DjlEngine.ensureStarted(options.threads());
        Device dev = switch (options.device()) {
            case CPU -> Device.cpu();
            case CUDA -> {
                if (engine.getGpuCount() == 0) {
                    throw new ModelLoadException("device cuda was asked for, but the PyTorch engine sees no GPU "
                            + "(point PYTORCH_LIBRARY_PATH at a CUDA build of libtorch " + engine.getVersion() + ")");
                }
                yield Device.gpu();
            }
            case AUTO -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        };
        DataType dataType = dev.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
        HfTokenizer tokenizer = HfTokenizer.load(tokenizerFile);
        NDManager root = NDManager.newBaseManager(dev, engine.getEngineName());
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(folder)) {
            LlamaWeights weights = LlamaWeights.load(config, ckpt, root, dataType);
            DjlLanguageModel model = new DjlLanguageModel(folder, config, tokenizer, new ChatTemplate(tc), eos,
                    ckpt.paths(), dev.isGpu() ? "cuda:" + dev.getDeviceId() : "cpu", dataType, root, weights,
                    options);
            model.thread.start();
            return model;
        } catch (SafetensorsException e) {
            root.close();
            tokenizer.close();
            throw new ModelLoadException(e.getMessage(), e);
        } catch (RuntimeException e) {
            root.close();
            tokenizer.close();
            throw new ModelLoadException(folder + ": cannot load weights: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- public API

    @Override
    public ModelInfo info() {
        ModelInfo i = info;
        if (i == null) {
            synchronized (this) {
                if (info == null) {
                    info = new ModelInfo(folder.getFileName().toString(), "djl", config.architecture(), hashWeights(),
                            config.maxPositionEmbeddings(), device, DjlEngine.version());
                }
                i = info;
            }
        }
        return i;
    }

    private @Nullable String hashWeights() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (Path p : weightFiles.stream().sorted().toList()) {
                try (InputStream in = Files.newInputStream(p)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        sha.update(buf, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            LOG.warn("cannot hash the weights of {}: {}", folder, e.getMessage());
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    LlamaConfig config() {
        return config;
    }

    @Override
    public String render(Prompt prompt) throws ModelException {
        return switch (prompt) {
            case Prompt.Raw raw -> raw.text();
            case Prompt.Chat chat -> {
                try {
                    yield template.render(chat);
                } catch (RuntimeException e) {
                    throw new ModelException(e.getMessage(), e);
                }
            }
        };
    }

    @Override
    public int countTokens(String text) {
        return tokenizer.encode(text, false).length;
    }

    /** The token ids a prompt becomes. */
    int[] encode(Prompt prompt) throws ModelException {
        String text = render(prompt);
        int[] ids = tokenizer.encode(text, prompt instanceof Prompt.Raw);
        if (ids.length == 0 && config.bosTokenId() >= 0) {
            ids = new int[] {config.bosTokenId()};
        }
        return ids;
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
        List<int[]> prompts = new ArrayList<>();
        for (GenerationRequest r : requests) {
            prompts.add(encode(r.prompt()));
        }
        Job job = new Job(requests, prompts, listener, cancellation);
        if (closed) {
            throw new ModelException("the model is closed");
        }
        queue.add(job);
        try {
            return job.future.get();
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
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tokenizer.close();
    }

    // ---------------------------------------------------------------- model thread

    /** One caller's requests. */
    private static final class Job {
        final List<GenerationRequest> requests;
        final List<int[]> prompts;
        final TokenListener listener;
        final Cancellation cancellation;
        final CompletableFuture<List<GenerationResult>> future = new CompletableFuture<>();
        final @Nullable GenerationResult[] results;
        int open;

        Job(List<GenerationRequest> requests, List<int[]> prompts, TokenListener listener, Cancellation c) {
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
        final @Nullable Completion[] completions;
        int open;
        long prefillNanos;
        long decodeStart;
        int cached;

        Req(Job job, int index) {
            this.job = job;
            this.index = index;
            this.request = job.requests.get(index);
            this.prompt = job.prompts.get(index);
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
        final BitSet valid = new BitSet();
        int[] fed;
        int fedCount;
        int generated;
        int pending;
        int position;
        boolean finished;

        Seq(Req req, int sample) {
            this.req = req;
            this.sample = sample;
            this.random = new SplittableRandom(req.request.sampling().seed() + sample);
            this.stream = new TextStream(tokenizer, req.request.stop());
            this.fed = java.util.Arrays.copyOf(req.prompt, req.prompt.length + 16);
            this.fedCount = req.prompt.length;
            this.position = req.prompt.length;
        }

        void feed(int token) {
            if (fedCount == fed.length) {
                fed = java.util.Arrays.copyOf(fed, fed.length * 2);
            }
            fed[fedCount++] = token;
            position++;
        }
    }

    private final ArrayDeque<Req> waiting = new ArrayDeque<>();
    private final List<Seq> active = new ArrayList<>();
    private @Nullable KvArrays batch;

    private void loop() {
        try {
            while (true) {
                if (active.isEmpty() && waiting.isEmpty()) {
                    enqueue(queue.take());
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
            // close() stops the thread
        } finally {
            List<Job> left = new ArrayList<>();
            queue.drainTo(left);
            active.forEach(s -> fail(s.req.job));
            waiting.forEach(r -> fail(r.job));
            left.forEach(this::fail);
            if (batch != null) {
                batch.close();
            }
            prefixCache.close();
            root.close();
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

    private void admit() {
        while (!waiting.isEmpty()) {
            Req r = waiting.peek();
            if (!active.isEmpty() && active.size() + r.request.n() > maxBatch) {
                return;
            }
            waiting.poll();
            try {
                start(r);
            } catch (RuntimeException e) {
                LOG.error("prefill failed", e);
                for (int s = 0; s < r.request.n(); s++) {
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
        long t0 = System.nanoTime();
        KvArrays kv = new KvArrays(root, config.numLayers());
        float[] logits;
        try {
            logits = prefill(r, kv);
            r.prefillNanos = System.nanoTime() - t0;
            r.decodeStart = System.nanoTime();
            List<Seq> seqs = new ArrayList<>();
            for (int s = 0; s < q.n(); s++) {
                Seq seq = new Seq(r, s);
                seq.valid.set(0, r.prompt.length);
                seqs.add(seq);
            }
            join(seqs, kv);
        } catch (RuntimeException e) {
            kv.close();
            throw e;
        }
        prefixCache.put(r.prompt, kv);
        for (Seq seq : seqs()) {
            if (seq.req == r && seq.generated == 0 && !seq.finished) {
                accept(seq, Sampler.sample(logits, 0, config.vocabSize(), q.sampling(), seq.random), logits, 0);
            }
        }
        compact();
    }

    private List<Seq> seqs() {
        return List.copyOf(active);
    }

    private float[] prefill(Req r, KvArrays kv) {
        DjlEngine.useThreads(threads);
        PrefixCache.Hit hit = prefixCache.lookup(r.prompt);
        int past = hit == null ? 0 : hit.length();
        try (NDManager step = root.newSubManager()) {
            if (hit != null) {
                KvArrays from = hit.entry().kv();
                NDIndex cut = new NDIndex(":, :, 0:" + past);
                for (int l = 0; l < config.numLayers(); l++) {
                    kv.put(l, from.keys[l].get(cut), from.values[l].get(cut));
                }
            }
            int t = r.prompt.length - past;
            long[] ids = new long[t];
            for (int i = 0; i < t; i++) {
                ids[i] = r.prompt[past + i];
            }
            NDArray idArray = step.create(ids, new Shape(1, t));
            NDList rope = LlamaForward.ropeTables(step, config, LlamaForward.positions(1, t, past), dataType);
            NDArray mask = LlamaForward.causalMask(step, t, past, dataType);
            NDArray logits = LlamaForward.forward(weights, idArray, rope.get(0), rope.get(1), mask, kv, true);
            r.cached = past;
            return floats(logits);
        }
    }

    private float[] floats(NDArray a) {
        return a.getDataType() == DataType.FLOAT32 ? a.toFloatArray() : a.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** Spare columns the batch's keys and values get beyond what they hold, so decoding writes in place. */
    private static final long SPARE_COLUMNS = 64;

    /** Appends the rows of a freshly prefilled request (its KV repeated per sample) to the batch. */
    private void join(List<Seq> seqs, KvArrays kv) {
        int n = seqs.size();
        KvArrays b = batch;
        long len = kv.length();
        try (NDManager tmp = root.newSubManager()) {
            if (b == null || b.isEmpty()) {
                KvArrays fresh = new KvArrays(root, config.numLayers());
                for (int l = 0; l < config.numLayers(); l++) {
                    fresh.store(l, pad(repeat(kv.keys[l], n, tmp), SPARE_COLUMNS, tmp),
                            pad(repeat(kv.values[l], n, tmp), SPARE_COLUMNS, tmp));
                }
                fresh.setLength(len);
                if (b != null) {
                    b.close();
                }
                batch = fresh;
            } else {
                long width = b.length();
                long capacity = b.capacity();
                long newCapacity = Math.max(capacity, len + SPARE_COLUMNS);
                for (int l = 0; l < config.numLayers(); l++) {
                    NDArray[] kvPair = {kv.keys[l], kv.values[l]};
                    NDArray[] old = {b.keys[l], b.values[l]};
                    NDArray[] merged = new NDArray[2];
                    for (int i = 0; i < 2; i++) {
                        NDArray add = pad(repeat(kvPair[i], n, tmp), newCapacity - len, tmp);
                        merged[i] = pad(old[i], newCapacity - capacity, tmp).concat(add, 0);
                    }
                    b.store(l, merged[0], merged[1]);
                }
                b.setLength(Math.max(width, len));
            }
        }
        active.addAll(seqs);
    }

    /** {@code a} with {@code extra} zero columns appended (in {@code tmp}), or {@code a} itself. */
    private NDArray pad(NDArray a, long extra, NDManager tmp) {
        if (extra == 0) {
            return a;
        }
        return attach(a.concat(zeros(tmp, a.getShape().get(0), extra), 2), tmp);
    }

    /** Gives the batch spare columns again when decoding has filled them. */
    private void grow(KvArrays b) {
        long extra = Math.max(SPARE_COLUMNS, b.capacity() / 2);
        try (NDManager tmp = root.newSubManager()) {
            for (int l = 0; l < config.numLayers(); l++) {
                b.store(l, pad(b.keys[l], extra, tmp), pad(b.values[l], extra, tmp));
            }
        }
    }

    private NDArray zeros(NDManager m, long rows, long cols) {
        return m.zeros(new Shape(rows, config.numKvHeads(), cols, config.headDim()), dataType);
    }

    private static NDArray repeat(NDArray a, int n, NDManager tmp) {
        if (n == 1) {
            return attach(a.duplicate(), tmp);
        }
        return attach(a.repeat(0, n), tmp);
    }

    private static NDArray attach(NDArray a, NDManager m) {
        a.attach(m);
        return a;
    }

    /** One decoding step for every active row. */
    private void step() {
        for (Seq s : seqs()) {
            if (!s.finished && s.req.job.cancellation.isCancelled()) {
                finish(s, FinishReason.CANCELLED, null);
            }
        }
        compact();
        if (active.isEmpty()) {
            return;
        }
        KvArrays b = batch;
        int rows = active.size();
        int width = (int) b.length();
        if (width == b.capacity()) {
            grow(b);
        }
        float[] logits;
        try (NDManager step = root.newSubManager()) {
            long[] ids = new long[rows];
            int[] positions = new int[rows];
            float[] mask = new float[rows * (width + 1)];
            boolean padded = false;
            for (int r = 0; r < rows; r++) {
                Seq s = active.get(r);
                ids[r] = s.pending;
                positions[r] = s.position;
                int base = r * (width + 1);
                for (int c = 0; c < width; c++) {
                    if (!s.valid.get(c)) {
                        mask[base + c] = Float.NEGATIVE_INFINITY;
                        padded = true;
                    }
                }
            }
            NDArray out = decoder.logits(step, b, width, ids, positions, padded ? mask : null,
                    device.equals("cpu") ? threads : 0);
            b.setLength(width + 1);
            logits = DecodeStep.floats(out);
        } catch (RuntimeException e) {
            LOG.error("decoding step failed", e);
            for (Seq s : seqs()) {
                finish(s, FinishReason.ERROR, "decoding failed: " + e.getMessage());
            }
            compact();
            return;
        }
        int vocab = config.vocabSize();
        List<Seq> rowsNow = seqs();
        for (int r = 0; r < rowsNow.size(); r++) {
            Seq s = rowsNow.get(r);
            s.valid.set(width);
            s.feed(s.pending);
            int token = Sampler.sample(logits, r * vocab, vocab, s.req.request.sampling(), s.random);
            accept(s, token, logits, r * vocab);
        }
        compact();
    }

    /** Handles a sampled token: stream it, or end the sample. */
    private void accept(Seq s, int token, float[] logits, int offset) {
        GenerationRequest q = s.req.request;
        s.generated++;
        TokenLogprob lp = q.wantsLogprobs()
                ? Sampler.logprob(logits, offset, config.vocabSize(), token, q.topLogprobs(), tokenizer) : null;
        if (lp != null) {
            s.logprobs.add(lp);
        }
        if (eos.contains(token)) {
            finish(s, FinishReason.STOP, null);
            return;
        }
        String piece = s.stream.push(token);
        if (!emit(s, piece, lp)) {
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

    private boolean emit(Seq s, String text, @Nullable TokenLogprob lp) {
        try {
            s.req.job.listener.onToken(new TokenEvent(s.req.index, s.sample, s.generated - 1, text, lp));
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
                emit(s, rest, null);
            }
        }
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
                new Timings(r.prefillNanos, decode, r.cached));
        if (--job.open == 0) {
            job.future.complete(List.of(job.results));
        }
    }

    /** Drops finished rows from the batch, keeping finished single samples in the prefix cache. */
    private void compact() {
        KvArrays b = batch;
        if (b == null || active.stream().noneMatch(s -> s.finished)) {
            return;
        }
        List<Long> keep = new ArrayList<>();
        try (NDManager tmp = root.newSubManager()) {
            for (int r = 0; r < active.size(); r++) {
                Seq s = active.get(r);
                if (!s.finished) {
                    keep.add((long) r);
                } else if (s.req.request.n() == 1 && s.req.completions[0] != null
                        && s.req.completions[0].finishReason() != FinishReason.ERROR) {
                    cacheRow(b, r, s, tmp);
                }
            }
            if (keep.isEmpty()) {
                b.close();
                batch = null;
            } else if (keep.size() < active.size()) {
                NDArray idx = tmp.create(keep.stream().mapToLong(Long::longValue).toArray());
                NDIndex pick = new NDIndex("{}", idx);
                for (int l = 0; l < config.numLayers(); l++) {
                    b.store(l, b.keys[l].get(pick), b.values[l].get(pick));
                }
            }
        }
        active.removeIf(s -> s.finished);
    }

    private void cacheRow(KvArrays b, int row, Seq s, NDManager tmp) {
        if (s.valid.cardinality() != s.fedCount) {
            return;
        }
        NDArray cols = tmp.create(s.valid.stream().mapToLong(i -> i).toArray());
        NDIndex pick = new NDIndex(":, {}", cols);
        KvArrays kv = new KvArrays(root, config.numLayers());
        for (int l = 0; l < config.numLayers(); l++) {
            NDArray k = attach(b.keys[l].get(row), tmp).get(pick).expandDims(0);
            NDArray v = attach(b.values[l].get(row), tmp).get(pick).expandDims(0);
            kv.put(l, k, v);
        }
        prefixCache.put(java.util.Arrays.copyOf(s.fed, s.fedCount), kv);
    }
}
