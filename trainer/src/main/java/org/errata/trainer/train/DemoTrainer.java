package org.errata.trainer.train;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.djl.LlamaForward;
import org.errata.runtime.djl.LlamaWeights;
import org.errata.trainer.data.SpocTrace;
import org.errata.trainer.data.TraceGenerator;
import org.errata.trainer.tokenizer.DemoTokenizer;

/**
 * Trains the demo model with DJL autograd on the PyTorch engine, through the runtime's own
 * {@link LlamaForward} (the code that later serves the model): a fresh stream of SPOC traces
 * (seeded), loss on the assistant's tokens only, Adam with warm-up and cosine decay. Parameters
 * are drawn from the seed in Java; data order is fixed by the seed. With a fixed thread count the
 * same seed gives the same weights on the same machine.
 */
public final class DemoTrainer {

    /** A float tensor in row-major order, Hugging Face-named in {@link Result#weights()}. */
    public record Tensor(long[] shape, float[] data) {}

    /** What a training run produced. */
    public record Result(Map<String, Tensor> weights, List<Float> losses, int steps, double seconds) {}

    private DemoTrainer() {}

    /** Sets the PyTorch thread counts; must run before the engine starts. */
    public static void configureEngine(int threads) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** One tokenized example: ids, and for each position whether its next token is trained on. */
    record Example(long[] ids, boolean[] trained) {}

    static Example encode(HuggingFaceTokenizer tokenizer, SpocTrace trace) {
        String prompt = DemoTokenizer.BOS + DemoTokenizer.USER + trace.userMessage() + DemoTokenizer.END
                + DemoTokenizer.ASSISTANT;
        String completion = trace.assistantMessage() + DemoTokenizer.END;
        long[] p = tokenizer.encode(prompt).getIds();
        long[] c = tokenizer.encode(completion).getIds();
        long[] ids = new long[p.length + c.length];
        System.arraycopy(p, 0, ids, 0, p.length);
        System.arraycopy(c, 0, ids, p.length, c.length);
        boolean[] trained = new boolean[ids.length];
        for (int i = p.length - 1; i < ids.length - 1; i++) {
            trained[i] = true;
        }
        return new Example(ids, trained);
    }

    /** Mean cross-entropy of {@code targets} {@code [B, T]} under {@code logits}, over positions where {@code mask} is 1. */
    public static NDArray loss(NDArray logits, NDArray targets, NDArray mask) {
        NDArray logp = logits.logSoftmax(-1);
        NDArray picked = logp.gather(targets.expandDims(-1), -1).squeeze(-1);
        return picked.mul(mask).sum().neg().div(mask.sum());
    }

    public static Result train(
            TrainConfig cfg, DemoLlamaConfig model, HuggingFaceTokenizer tokenizer, Set<String> heldOut, PrintStream log) {
        configureEngine(cfg.threads());
        Engine engine = Engine.getEngine("PyTorch");
        TraceGenerator traces = new TraceGenerator(cfg.seed(), cfg.errorRate(), heldOut);
        List<Float> losses = new ArrayList<>();
        long start = System.nanoTime();
        int pad = DemoTokenizer.id(DemoTokenizer.PAD);
        try (NDManager root = engine.newBaseManager()) {
            Map<String, NDArray> params = DemoInit.initialParameters(model, cfg.seed() ^ 0x5DEECE66DL, root);
            params.values().forEach(a -> a.setRequiresGradient(true));
            LlamaConfig runtimeConfig = model.toRuntime(DemoTokenizer.id(DemoTokenizer.BOS), DemoTokenizer.id(DemoTokenizer.END));
            Tracker lr = cfg::learningRateAt;
            Optimizer adam = Optimizer.adam().optLearningRateTracker(lr).optBeta2(0.99f).build();
            int step = 0;
            float running = Float.NaN;
            for (; step < cfg.steps(); step++) {
                if (cfg.maxMinutes() > 0 && (System.nanoTime() - start) / 6e10 > cfg.maxMinutes()) {
                    log.printf("time limit of %.1f min reached at step %d%n", cfg.maxMinutes(), step);
                    break;
                }
                List<Example> batch = new ArrayList<>();
                int len = 0;
                for (int i = 0; i < cfg.batchSize(); i++) {
                    Example e = encode(tokenizer, traces.next());
                    batch.add(e);
                    len = Math.max(len, e.ids().length);
                }
                int t = len - 1;
                long[] in = new long[cfg.batchSize() * t];
                long[] target = new long[in.length];
                float[] mask = new float[in.length];
                for (int bi = 0; bi < batch.size(); bi++) {
                    Example e = batch.get(bi);
                    for (int j = 0; j < t; j++) {
                        int k = bi * t + j;
                        if (j + 1 < e.ids().length) {
                            in[k] = e.ids()[j];
                            target[k] = e.ids()[j + 1];
                            mask[k] = e.trained()[j] ? 1f : 0f;
                        } else {
                            in[k] = pad;
                            target[k] = pad;
                        }
                    }
                }
                float l;
                try (NDManager sub = root.newSubManager()) {
                    // while the step runs, the parameters belong to its manager, so everything computed
                    // from them (fused projections, activations) is freed with it; they return to root after
                    params.values().forEach(a -> a.tempAttach(sub));
                    Shape s = new Shape(cfg.batchSize(), t);
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        LlamaWeights weights = LlamaWeights.fromHf(runtimeConfig, params);
                        NDArray logits = LlamaForward.forward(weights, sub.create(in, s));
                        NDArray loss = loss(logits, sub.create(target, s), sub.create(mask, s));
                        gc.backward(loss);
                        l = loss.getFloat();
                    }
                }
                // the update runs outside the collector, so autograd does not record it
                for (Map.Entry<String, NDArray> p : params.entrySet()) {
                    try (NDArray g = p.getValue().getGradient()) {
                        adam.update(p.getKey(), p.getValue(), g);
                        g.muli(0); // PyTorch accumulates gradients across backward passes
                    }
                }
                losses.add(l);
                running = Float.isNaN(running) ? l : 0.95f * running + 0.05f * l;
                if ((step + 1) % cfg.logEvery() == 0) {
                    double sec = (System.nanoTime() - start) / 1e9;
                    log.printf("step %d loss %.4f (avg %.4f) lr %.2e  %.2f s/step%n",
                            step + 1, losses.get(losses.size() - 1), running, cfg.learningRateAt(step), sec / (step + 1));
                    log.flush();
                }
            }
            Map<String, Tensor> weights = new LinkedHashMap<>();
            for (Map.Entry<String, NDArray> p : params.entrySet()) {
                weights.put(p.getKey(), new Tensor(p.getValue().getShape().getShape(), p.getValue().toFloatArray()));
            }
            return new Result(weights, losses, step, (System.nanoTime() - start) / 1e9);
        }
    }
}
