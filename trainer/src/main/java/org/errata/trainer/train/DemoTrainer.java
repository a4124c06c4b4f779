package org.errata.trainer.train;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.djl.LlamaConfig;
import org.errata.runtime.train.CausalLmTrainer;
import org.errata.runtime.api.ChatMessage;
import org.errata.trainer.data.ChatExample;
import org.errata.trainer.data.SpocFormat;
import org.errata.trainer.data.SpocTrace;
import org.errata.trainer.data.TraceGenerator;
import org.errata.trainer.tokenizer.DemoTokenizer;

/**
 * Trains the demo model through the runtime's {@link CausalLmTrainer} (the same forward pass that
 * later serves it): a fresh stream of SPOC traces (seeded), loss on the assistant's tokens only,
 * with the digits of each step's result weighted up, Adam with warm-up and cosine decay.
 * Parameters are drawn from the seed; data order is fixed by the seed. Within one process the same
 * seed gives the same weights; two processes running the same command have ended slightly apart
 * (trainer README).
 */
public final class DemoTrainer {

    /** What a training run produced. */
    /** What a training run produced; {@code losses} are the finite ones, {@code skipped} the steps whose loss or gradient was not. */
    public record Result(Map<String, CausalLmTrainer.Tensor> weights, List<Float> losses, int steps, double seconds, int skipped) {}

    /**
     * How much more a decision counts in the loss than any other trained token: a digit of a
     * step's result (computed, or copied beside the careful one), a check mark, the named step and the verdict.
     */
    public static final float RESULT_DIGIT_WEIGHT = 3f;

    private DemoTrainer() {}

    /** Sets the PyTorch thread counts; must run before the engine starts. */
    public static void configureEngine(int threads) {
        CausalLmTrainer.configureThreads(threads);
    }

    /** The tokens that weigh more: those a weighted number follows, and the decisions themselves. */
    private static final class Weighted {
        /** Results, the written copy, the named step, and inside a check's columns every product, digit and carry. */
        static final java.util.Set<Integer> NUMBER_BEFORE = java.util.Set.of(DemoTokenizer.id(" = "),
                DemoTokenizer.id(SpocFormat.FIRST_ERROR_PREFIX), DemoTokenizer.id(SpocFormat.WRITTEN),
                DemoTokenizer.id("="), DemoTokenizer.id("c"), DemoTokenizer.id("b"));
        static final java.util.Set<Integer> DECISIONS = java.util.Set.of(DemoTokenizer.id(SpocFormat.OK_MARK),
                DemoTokenizer.id(SpocFormat.WRONG_MARK), DemoTokenizer.id(SpocFormat.YES), DemoTokenizer.id(SpocFormat.NO));
    }

    /** One tokenized example: ids, and for each position the loss weight of its next token (0: not trained). */
    record Example(int[] ids, float[] weight) {}

    static Example encode(SpocTrace trace) {
        return encode(ChatExample.of(trace));
    }

    /** The call as the chat template renders it ({@code <|role|>content<|end|>} per message), then the trained answer. */
    static Example encode(ChatExample example) {
        StringBuilder prompt = new StringBuilder(DemoTokenizer.BOS);
        for (ChatMessage m : example.prompt()) {
            prompt.append("<|").append(m.role().wireName()).append("|>").append(m.content()).append(DemoTokenizer.END);
        }
        prompt.append(DemoTokenizer.ASSISTANT);
        String completion = example.completion() + DemoTokenizer.END;
        int[] p = DemoTokenizer.encode(prompt.toString());
        int[] c = DemoTokenizer.encode(completion);
        int[] ids = new int[p.length + c.length];
        System.arraycopy(p, 0, ids, 0, p.length);
        System.arraycopy(c, 0, ids, p.length, c.length);
        float[] weight = new float[ids.length];
        boolean inResult = false;
        for (int i = 0; i < ids.length - 1; i++) {
            int next = ids[i + 1];
            inResult = DemoTokenizer.isDigit(next) && (inResult || Weighted.NUMBER_BEFORE.contains(ids[i]));
            if (i >= p.length - 1) {
                weight[i] = inResult || Weighted.DECISIONS.contains(next) ? RESULT_DIGIT_WEIGHT : 1f;
            }
        }
        return new Example(ids, weight);
    }

    /** Batches drawn together and grouped by length, so that a batch pads little. */
    public static final int BUCKET_BATCHES = 8;

    /**
     * The next {@link #BUCKET_BATCHES} batches: that many batches' worth of traces, sorted by
     * length and cut into batches of neighbours, in a seeded random order. Traces vary from about
     * 100 to 560 tokens; without grouping, half of each batch would be padding.
     */
    static List<List<Example>> bucketed(TraceGenerator traces, int batchSize, java.util.SplittableRandom order) {
        List<Example> pool = new ArrayList<>(batchSize * BUCKET_BATCHES);
        while (pool.size() < batchSize * BUCKET_BATCHES) {
            for (ChatExample e : traces.nextExamples()) {
                if (pool.size() < batchSize * BUCKET_BATCHES) {
                    pool.add(encode(e));
                }
            }
        }
        pool.sort(java.util.Comparator.comparingInt(e -> e.ids().length));
        List<List<Example>> batches = new ArrayList<>();
        for (int b = 0; b < BUCKET_BATCHES; b++) {
            batches.add(List.copyOf(pool.subList(b * batchSize, (b + 1) * batchSize)));
        }
        for (int i = batches.size() - 1; i > 0; i--) {
            java.util.Collections.swap(batches, i, order.nextInt(i + 1));
        }
        return batches;
    }

    /** A token the model has no row for is a bug in the formats or the tokenizer: said at once, not as a native error. */
    static void checkFits(int[] ids, DemoLlamaConfig model) {
        for (int id : ids) {
            if (id >= model.vocabSize()) {
                throw new IllegalStateException("token id " + id + " is outside the model's vocabulary of " + model.vocabSize()
                        + " (format phrases need the all-formats vocabulary)");
            }
        }
    }

    public static Result train(TrainConfig cfg, DemoLlamaConfig model, Set<String> heldOut, PrintStream log)
            throws ModelException {
        return train(cfg, model, Map.of(), heldOut, log);
    }

    /**
     * Trains from {@code start} (a trained model's weights, see {@link CausalLmTrainer#create(LlamaConfig, long,
     * CausalLmTrainer.LearningRate, Map)}; empty: from fresh weights drawn from the seed).
     */
    public static Result train(TrainConfig cfg, DemoLlamaConfig model, Map<String, CausalLmTrainer.Tensor> startWeights,
            Set<String> heldOut, PrintStream log) throws ModelException {
        configureEngine(cfg.threads());
        TraceGenerator traces = new TraceGenerator(cfg.seed(), cfg.errorRate(), cfg.secondSlipRate(), cfg.mixture(), heldOut);
        List<Float> losses = new ArrayList<>();
        long start = System.nanoTime();
        LlamaConfig runtimeConfig = model.toRuntime(DemoTokenizer.id(DemoTokenizer.BOS), DemoTokenizer.id(DemoTokenizer.END));
        try (CausalLmTrainer trainer = CausalLmTrainer.create(runtimeConfig, cfg.seed() ^ 0x5DEECE66DL, cfg::learningRateAt, startWeights)) {
            int step = 0;
            float running = Float.NaN;
            long dataNanos = 0;
            java.util.ArrayDeque<List<Example>> pending = new java.util.ArrayDeque<>();
            java.util.SplittableRandom order = new java.util.SplittableRandom(cfg.seed() ^ 0x9E3779B97F4A7C15L);
            for (; step < cfg.steps(); step++) {
                if (cfg.maxMinutes() > 0 && (System.nanoTime() - start) / 6e10 > cfg.maxMinutes()) {
                    log.printf("time limit of %.1f min reached at step %d%n", cfg.maxMinutes(), step);
                    break;
                }
                if (pending.isEmpty()) {
                    long made = System.nanoTime();
                    pending.addAll(bucketed(traces, cfg.batchSize(), order));
                    dataNanos += System.nanoTime() - made;
                }
                List<Example> batch = pending.removeFirst();
                int[][] ids = new int[batch.size()][];
                float[][] weights = new float[batch.size()][];
                for (int i = 0; i < batch.size(); i++) {
                    ids[i] = batch.get(i).ids();
                    weights[i] = batch.get(i).weight();
                    checkFits(ids[i], model);
                }
                float l = (float) trainer.step(ids, weights);
                if (Float.isFinite(l)) {
                    losses.add(l);
                    running = Float.isNaN(running) ? l : 0.95f * running + 0.05f * l;
                }
                if ((step + 1) % cfg.logEvery() == 0) {
                    double sec = (System.nanoTime() - start) / 1e9;
                    log.printf("step %d loss %.4f (avg %.4f) lr %.2e grad norm %.2f  %.2f s/step (data %.0f%%)%s%n",
                            step + 1, l, running, cfg.learningRateAt(step), trainer.lastGradientNorm(), sec / (step + 1),
                            100 * dataNanos / 1e9 / sec,
                            trainer.skippedSteps() == 0 ? "" : "; " + trainer.skippedSteps() + " steps skipped (not finite)");
                    log.flush();
                }
            }
            return new Result(trainer.weights(), losses, step, (System.nanoTime() - start) / 1e9, trainer.skippedSteps());
        }
    }
}
