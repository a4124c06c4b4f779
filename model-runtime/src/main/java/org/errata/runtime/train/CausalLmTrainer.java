package org.errata.runtime.train;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.djl.DjlEngine;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.djl.LlamaForward;
import org.errata.runtime.djl.LlamaWeights;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;
import org.errata.runtime.safetensors.SafetensorsWriter;

/**
 * Trains a Llama-family model from freshly drawn parameters, one batch at a time: forward through
 * {@link LlamaForward}, weighted next-token cross-entropy, backward, then an Adam update (beta2
 * 0.99) at the rate the schedule gives for the step. Parameters are drawn from the seed in Java
 * (not from the engine's generator), so within one process the same seed and the same batches
 * give the same weights (across processes they have been seen to drift apart slightly). Not thread-safe; close it to free the
 * engine's memory.
 */
public final class CausalLmTrainer implements AutoCloseable {

    /** The learning rate of step {@code step} (0-based). */
    @FunctionalInterface
    public interface LearningRate {
        float at(int step);
    }

    /** A float tensor in row-major order. */
    public record Tensor(long[] shape, float[] data) {
        public Tensor {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(data, "data");
        }
    }

    private final Engine engine;
    private final NDManager root;
    private final LlamaConfig config;
    private final Map<String, NDArray> params;
    private final Optimizer adam;
    private int steps;
    private int skipped;
    private double lastGradientNorm;

    private CausalLmTrainer(Engine engine, LlamaConfig config, long seed, LearningRate lr, Map<String, Tensor> start) {
        this.engine = engine;
        this.root = engine.newBaseManager();
        this.config = config;
        this.params = initialParameters(config, seed, root);
        try {
            start.forEach((name, t) -> params.put(name, startingFrom(name, t, params.get(name), root)));
        } catch (IllegalArgumentException e) {
            root.close();
            throw e;
        }
        params.values().forEach(a -> a.setRequiresGradient(true));
        Tracker tracker = lr::at;
        this.adam = Optimizer.adam().optLearningRateTracker(tracker).optBeta2(0.99f).build();
    }

    /** The intra-op threads training asked for, applied by {@link #create} also when the engine was already started. */
    private static volatile int configuredThreads;

    /**
     * Sets the PyTorch thread counts (intra-op {@code threads}, inter-op 1) and offline mode. The
     * start-up properties only count before the engine first starts in this process; the intra-op
     * count is also applied by every {@link #create}, so an engine another part of the program
     * started with more threads trains on the asked-for count (one thread trains reproducibly).
     */
    public static void configureThreads(int threads) {
        configuredThreads = threads;
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** A trainer of a fresh model of shape {@code config}, parameters drawn from {@code seed}. */
    public static CausalLmTrainer create(LlamaConfig config, long seed, LearningRate lr) throws ModelException {
        return create(config, seed, lr, Map.of());
    }

    /**
     * A trainer that starts from {@code start} (Hugging Face-named tensors, for example a trained
     * model's weights): each given tensor replaces the fresh one of the same name. The embedding and
     * the output head may have fewer rows than {@code config}'s vocabulary (a model whose
     * vocabulary grew at the end): their first rows are taken from {@code start}, the rest stay
     * fresh from {@code seed}. Any other difference of name or shape is refused.
     */
    public static CausalLmTrainer create(LlamaConfig config, long seed, LearningRate lr, Map<String, Tensor> start)
            throws ModelException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(lr, "lr");
        if (config.attentionBias() || config.tieWordEmbeddings()) {
            throw new ModelException("training supports untied Llama models without biases only");
        }
        try {
            Engine engine = DjlEngine.ensureStarted(configuredThreads);
            if (configuredThreads > 0) ai.djl.pytorch.jni.JniUtils.setNumThreads(configuredThreads);
            return new CausalLmTrainer(engine, config, seed, lr, start);
        } catch (EngineException e) {
            throw new ModelException("the PyTorch engine did not start: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelException(e.getMessage(), e);
        }
    }

    /**
     * One optimisation step on a batch of token sequences (ragged; shorter rows are padded and the
     * padding is not trained on). {@code weights[b][j]} is the loss weight of predicting
     * {@code ids[b][j + 1]} from position {@code j} (0: not trained; entries past
     * {@code ids[b].length - 2} are ignored). The loss is the weighted mean cross-entropy. The
     * gradient is clipped to a global norm of {@link #MAX_GRADIENT_NORM}; a step whose loss or
     * gradient is not finite leaves the weights unchanged ({@link #skippedSteps}).
     *
     * @return the batch's loss before the update
     */
    public double step(int[][] ids, float[][] weights) {
        if (ids.length == 0 || ids.length != weights.length) {
            throw new IllegalArgumentException("need one weight row per sequence, and at least one sequence");
        }
        int b = ids.length;
        int len = 0;
        for (int[] row : ids) {
            len = Math.max(len, row.length);
        }
        int t = len - 1;
        if (t < 1) {
            throw new IllegalArgumentException("sequences need at least two tokens");
        }
        long[] in = new long[b * t];
        long[] target = new long[in.length];
        float[] mask = new float[in.length];
        double total = 0;
        for (int bi = 0; bi < b; bi++) {
            int[] row = ids[bi];
            for (int j = 0; j + 1 < row.length; j++) {
                int k = bi * t + j;
                in[k] = row[j];
                target[k] = row[j + 1];
                mask[k] = j < weights[bi].length ? weights[bi][j] : 0f;
                if (mask[k] < 0) {
                    throw new IllegalArgumentException("negative loss weight");
                }
                total += mask[k];
            }
        }
        if (total <= 0) {
            throw new IllegalArgumentException("no token of the batch is trained on");
        }
        float l;
        try (NDManager sub = root.newSubManager()) {
            // while the step runs, the parameters belong to its manager, so everything computed
            // from them (fused projections, activations) is freed with it; they return to root after
            params.values().forEach(a -> a.tempAttach(sub));
            Shape s = new Shape(b, t);
            try (GradientCollector gc = engine.newGradientCollector()) {
                LlamaWeights w = LlamaWeights.fromHf(config, params);
                NDArray logits = LlamaForward.forward(w, sub.create(in, s));
                NDArray loss = loss(logits, sub.create(target, s), sub.create(mask, s));
                gc.backward(loss);
                l = loss.getFloat();
            }
        }
        // the update runs outside the collector, so autograd does not record it
        // every array made here is closed: the parameters' manager lives as long as the trainer, so
        // one left open is kept for the whole training (a copy of the squared gradients was, every
        // step: 3.6 MB a step for the demo model, 24 GB by step 9,000 of a plan)
        double squares = 0;
        for (NDArray p : params.values()) {
            try (NDArray g = p.getGradient(); NDArray squared = g.square(); NDArray sum = squared.sum()) {
                squares += sum.getFloat();
            }
        }
        double norm = Math.sqrt(squares);
        boolean finite = Double.isFinite(l) && Double.isFinite(norm);
        float scale = norm > MAX_GRADIENT_NORM ? (float) (MAX_GRADIENT_NORM / norm) : 1f;
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
            try (NDArray g = p.getValue().getGradient()) {
                if (finite) {
                    if (scale < 1f) g.muli(scale);
                    adam.update(p.getKey(), p.getValue(), g);
                }
            }
            // PyTorch accumulates gradients across backward passes: each is zeroed for the next step, by
            // PyTorch's own zero_(), not by multiplying it by 0 (0 times NaN is NaN: after one non-finite
            // step every later one was skipped, and a plan's second stage stopped learning at its step 418)
            ai.djl.pytorch.jni.JniUtils.zeroGrad((ai.djl.pytorch.engine.PtNDArray) p.getValue());
        }
        if (!finite) {
            skipped++;
        }
        lastGradientNorm = norm;
        steps++;
        return l;
    }

    /**
     * The largest global gradient norm an update uses; a larger gradient is scaled down to it (a rare
     * batch with a huge gradient no longer throws the weights far off).
     */
    public static final double MAX_GRADIENT_NORM = 1.0;

    /** Steps whose loss or gradient was not finite: the weights were left as they were. */
    public int skippedSteps() {
        return skipped;
    }

    /** The global gradient norm of the last step, before clipping. */
    public double lastGradientNorm() {
        return lastGradientNorm;
    }

    /** The arrays the trainer holds now (parameters, gradients, optimiser state): the same after every step. */
    int liveArrays() {
        return root.getManagedArrays().size();
    }

    /** Steps taken so far. */
    public int steps() {
        return steps;
    }

    /** A copy of the current parameters, Hugging Face-named, in initialisation order. */
    public Map<String, Tensor> weights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
            out.put(p.getKey(), new Tensor(p.getValue().getShape().getShape(), p.getValue().toFloatArray()));
        }
        return out;
    }

    /** Writes the current parameters as an fp32 safetensors file. */
    public void save(Path file) throws IOException {
        write(weights(), file);
    }

    /** Reads every tensor of a model folder's safetensors checkpoint as fp32 (bf16/f16 converted), Hugging Face-named. */
    public static Map<String, Tensor> read(Path folder) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(folder)) {
            for (String name : c.tensorFiles().keySet()) {
                out.put(name, new Tensor(c.require(name).shape(), c.readFloats(name)));
            }
        }
        return out;
    }

    /** Writes {@code weights} as an fp32 safetensors file (metadata {@code format: pt}). */
    public static void write(Map<String, Tensor> weights, Path file) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        weights.forEach((name, t) -> writer.add(name, t.shape(), t.data()));
        writer.write(file);
    }

    @Override
    public void close() {
        root.close();
    }

    /** Weighted mean cross-entropy of {@code targets} {@code [B, T]} under {@code logits}, weights {@code mask}. */
    static NDArray loss(NDArray logits, NDArray targets, NDArray mask) {
        NDArray logp = logits.logSoftmax(-1);
        NDArray picked = logp.gather(targets.expandDims(-1), -1).squeeze(-1);
        // where, not a product: an untrained position whose log-probability is -inf would make 0 * -inf = NaN
        NDArray kept = ai.djl.ndarray.NDArrays.where(mask.gt(0), picked, picked.zerosLike());
        return kept.mul(mask).sum().neg().div(mask.sum());
    }

    private static boolean growsRows(String name) {
        return name.equals(LlamaWeights.Names.EMBED) || name.equals(LlamaWeights.Names.LM_HEAD);
    }

    /**
     * {@code t} as a parameter; rows {@code fresh} has beyond {@code t}'s (a grown vocabulary) are
     * kept from {@code fresh}. A tensor the model lacks, or one of another shape, is refused by name.
     */
    private static NDArray startingFrom(String name, Tensor t, @org.jspecify.annotations.Nullable NDArray fresh, NDManager manager) {
        if (fresh == null) {
            throw new IllegalArgumentException("the starting weights have a tensor the model does not: " + name);
        }
        long[] shape = fresh.getShape().getShape();
        long[] have = t.shape();
        boolean grows = growsRows(name) && have.length == 2 && have[0] <= shape[0] && have[1] == shape[1];
        if (!java.util.Arrays.equals(shape, have) && !grows) {
            throw new IllegalArgumentException("starting tensor " + name + " has shape " + java.util.Arrays.toString(have)
                    + ", the model needs " + java.util.Arrays.toString(shape));
        }
        if (java.util.Arrays.equals(shape, t.shape())) {
            fresh.close();
            return manager.create(t.data(), new Shape(t.shape()));
        }
        float[] rows = fresh.toFloatArray();
        System.arraycopy(t.data(), 0, rows, 0, t.data().length);
        fresh.close();
        return manager.create(rows, new Shape(shape));
    }

    /** Fresh parameters drawn from {@code seed}: normal(0, 0.02) weights, residual outputs scaled down, unit norms. */
    static Map<String, NDArray> initialParameters(LlamaConfig c, long seed, NDManager manager) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, NDArray> p = new LinkedHashMap<>();
        int d = c.hiddenSize();
        int ff = c.intermediateSize();
        float std = 0.02f;
        float residualStd = (float) (std / Math.sqrt(2.0 * c.numLayers()));
        p.put(LlamaWeights.Names.EMBED, normal(manager, random, std, c.vocabSize(), d));
        for (int l = 0; l < c.numLayers(); l++) {
            String pre = "model.layers." + l + ".";
            p.put(pre + "input_layernorm.weight", manager.ones(new Shape(d)));
            p.put(pre + "self_attn.q_proj.weight", normal(manager, random, std, c.qDim(), d));
            p.put(pre + "self_attn.k_proj.weight", normal(manager, random, std, c.kvDim(), d));
            p.put(pre + "self_attn.v_proj.weight", normal(manager, random, std, c.kvDim(), d));
            p.put(pre + "self_attn.o_proj.weight", normal(manager, random, residualStd, d, c.qDim()));
            p.put(pre + "post_attention_layernorm.weight", manager.ones(new Shape(d)));
            p.put(pre + "mlp.gate_proj.weight", normal(manager, random, std, ff, d));
            p.put(pre + "mlp.up_proj.weight", normal(manager, random, std, ff, d));
            p.put(pre + "mlp.down_proj.weight", normal(manager, random, residualStd, d, ff));
        }
        p.put(LlamaWeights.Names.NORM, manager.ones(new Shape(d)));
        p.put(LlamaWeights.Names.LM_HEAD, normal(manager, random, std, c.vocabSize(), d));
        return p;
    }

    private static NDArray normal(NDManager m, SplittableRandom r, float std, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            // Box-Muller from the seeded stream, so weights do not depend on the engine's RNG
            double u1 = 1.0 - r.nextDouble();
            double u2 = r.nextDouble();
            v[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return m.create(v, new Shape(rows, cols));
    }
}
