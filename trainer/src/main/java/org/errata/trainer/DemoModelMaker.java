package org.errata.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.errata.runtime.api.LanguageModel;
import org.errata.runtime.api.LanguageModels;
import org.errata.runtime.api.ModelException;
import org.errata.runtime.api.RuntimeOptions;
import org.errata.runtime.train.CausalLmTrainer;
import org.errata.trainer.data.ArithmeticProblem;
import org.errata.trainer.data.HeldOutSet;
import org.errata.trainer.eval.DemoEvaluator;
import org.errata.trainer.tokenizer.DemoTokenizer;
import org.errata.trainer.train.DemoLlamaConfig;
import org.errata.trainer.train.DemoTrainer;
import org.errata.trainer.train.TrainConfig;
import org.errata.trainer.train.TrainPlan;
import org.jspecify.annotations.Nullable;

/**
 * Makes the demo model folder: tokenizer files, {@code config.json}, {@code generation_config.json},
 * trained {@code model.safetensors}, a model card with the training configuration and file
 * hashes, and a {@code SHA256SUMS} manifest; and the held-out problem file.
 */
public final class DemoModelMaker {

    public static final String MANIFEST = "SHA256SUMS";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DemoModelMaker() {}

    /** Trains with {@code train} and writes the whole folder to {@code out}; returns the training result. */
    public static DemoTrainer.Result make(TrainConfig train, Path out, PrintStream log) throws IOException, ModelException {
        return make(TrainPlan.of(train), null, null, out, log).get(0);
    }

    /**
     * Trains the stages of {@code plan} one after another, each from the weights the one before ended
     * with (the first from fresh weights, or from the model folder {@code startFrom}), and writes the
     * whole folder to {@code out}; {@code shape} is {@code hidden,layers,heads,intermediate} (null: the
     * demo's). Every stage but the last also leaves its model in {@link #stageFolder}. Returns each
     * stage's result.
     */
    public static List<DemoTrainer.Result> make(TrainPlan plan, @Nullable String shape, @Nullable Path startFrom, Path out,
            PrintStream log) throws IOException, ModelException {
        Map<String, CausalLmTrainer.Tensor> weights = startFrom == null ? Map.of() : CausalLmTrainer.read(startFrom);
        if (startFrom != null) {
            log.printf(Locale.ROOT, "starting from the weights in %s%n", startFrom);
        }
        List<DemoTrainer.Result> results = new java.util.ArrayList<>();
        DemoLlamaConfig model = null;
        for (TrainConfig stage : plan.stages()) {
            model = modelFor(stage, shape, weights);
            log.printf(Locale.ROOT, "demo model: %,d parameters, %s%n", model.parameterCount(), model);
            log.printf(Locale.ROOT, "training stage %d of %d: %s%n", results.size() + 1, plan.stages().size(), stage);
            DemoTrainer.Result result = DemoTrainer.train(stage, model, weights, HeldOutSet.expressions(), log);
            results.add(result);
            weights = result.weights();
            log.printf(Locale.ROOT, "stage %d: %d steps in %.0f s%n", results.size(), result.steps(), result.seconds());
            if (results.size() < plan.stages().size()) {
                // a plan stopped later keeps what it finished: a model folder to evaluate or to --start-from
                Path kept = stageFolder(out, results.size());
                writeModel(kept, model, new TrainPlan(plan.stages().subList(0, results.size())), startFrom, results);
                log.printf(Locale.ROOT, "stage %d's model: %s%n", results.size(), kept);
            }
        }
        writeModel(out, model, plan, startFrom, results);
        log.printf(Locale.ROOT, "trained %d steps in %.0f s; wrote %s (model.safetensors %.1f MB)%n",
                results.stream().mapToInt(DemoTrainer.Result::steps).sum(),
                results.stream().mapToDouble(DemoTrainer.Result::seconds).sum(), out,
                Files.size(out.resolve("model.safetensors")) / 1e6);
        return results;
    }

    /** Where a plan writes the model its stage {@code stage} (1-based) ended with, beside {@code out}: {@code OUT.stage-N}. */
    public static Path stageFolder(Path out, int stage) {
        Path abs = out.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".stage-" + stage);
    }

    /**
     * The model a stage trains: the every-format vocabulary when the stage draws other formats or
     * starts from weights that already have it, else the SPOC-only one (ids agree on the common part).
     */
    static DemoLlamaConfig modelFor(TrainConfig stage, @Nullable String shape, Map<String, CausalLmTrainer.Tensor> start) {
        int spocOnly = DemoTokenizer.vocabulary(false).size();
        CausalLmTrainer.Tensor embed = start.get(org.errata.runtime.djl.LlamaWeights.Names.EMBED);
        boolean allFormats = !stage.mixture().spocOnlyMixture() || (embed != null && embed.shape()[0] > spocOnly);
        int vocab = allFormats ? DemoTokenizer.vocabulary(true).size() : spocOnly;
        return shape == null ? DemoLlamaConfig.demo(vocab) : DemoLlamaConfig.shape(shape, vocab);
    }

    /** Writes the whole model folder: tokenizer, config, weights of the last result, card and manifest. */
    static void writeModel(Path out, DemoLlamaConfig model, TrainPlan plan, @Nullable Path startFrom, List<DemoTrainer.Result> results)
            throws IOException {
        DemoTokenizer.write(out, model.vocabSize() > DemoTokenizer.vocabulary(false).size());
        DemoTrainer.Result result = results.get(results.size() - 1);
        int bos = DemoTokenizer.id(DemoTokenizer.BOS);
        int eos = DemoTokenizer.id(DemoTokenizer.END);
        int pad = DemoTokenizer.id(DemoTokenizer.PAD);
        JSON.writeValue(out.resolve("config.json").toFile(), model.toHfConfig(JSON, bos, eos, pad));
        ObjectNode gen = JSON.createObjectNode();
        gen.put("bos_token_id", bos);
        gen.put("eos_token_id", eos);
        gen.put("pad_token_id", pad);
        gen.put("do_sample", true);
        gen.put("temperature", 0.8);
        gen.put("max_new_tokens", 700);
        JSON.writeValue(out.resolve("generation_config.json").toFile(), gen);
        CausalLmTrainer.write(result.weights(), out.resolve("model.safetensors"));
        List<String> files = List.of("config.json", "generation_config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json");
        Map<String, String> sums = new LinkedHashMap<>();
        for (String f : files) {
            sums.put(f, sha256(Files.readAllBytes(out.resolve(f))));
        }
        Files.writeString(out.resolve("MODEL_CARD.md"), modelCard(model, plan, startFrom, results, sums));
        sums.put("MODEL_CARD.md", sha256(Files.readAllBytes(out.resolve("MODEL_CARD.md"))));
        StringBuilder manifest = new StringBuilder();
        sums.forEach((f, h) -> manifest.append(h).append("  ").append(f).append('\n'));
        Files.writeString(out.resolve(MANIFEST), manifest);
    }

    private static String modelCard(DemoLlamaConfig model, TrainPlan plan, @Nullable Path startFrom, List<DemoTrainer.Result> results,
            Map<String, String> sums) {
        TrainConfig train = plan.last();
        StringBuilder b = new StringBuilder();
        b.append("# Errata demo model (toy)\n\n")
                .append("A **toy demo model** of ").append(String.format(Locale.ROOT, "%,d", model.parameterCount()))
                .append(" parameters, made by Errata's own trainer so that self-correction can be shown on any laptop ")
                .append("without downloading weights. It is not a general language model: it only solves short arithmetic ")
                .append("expressions (`What is (17 + 25) * 3 - 8?`) step by step, verifies its own steps, and corrects itself, ")
                .append("in the single-pass interleaved format of SPOC (Zhao et al., arXiv 2506.06923), reproduced at toy scale.\n\n")
                .append("## Format\n\n")
                .append("User message: `What is <expression>?`. Assistant message: a solution written the fast way, each result in ")
                .append("one go (`Step k: a op b = c` lines, then `The answer is \\boxed{N}.`), a blank line, and a verification written ")
                .append("the careful way: each step recomputed column by column on operands padded to three digits, least significant ")
                .append("digit first, then the result the solution wrote beside it (`Check step 1: 386+057: 6+7+0=3c1 8+5+1=4c1 3+0+1=4c0 = 443, written 443 ✓`; a column is `x+y+carry=digit ")
                .append("c carry-out`, `x-y-borrow=digit b borrow-out` or, for a product, `x*d=pp+carry=digit c carry-out` with the two-digit ")
                .append("table product `pp` written before the carry is added). At the first wrong step the ")
                .append("line ends in `✗`, then `The first error is in step K.`; the verification ends in ")
                .append("`Verification: Is the answer correct (Yes/No)? Yes|No`. After a No comes a corrected solution and its ")
                .append("verification. The chat template wraps messages as `<|user|>...<|end|><|assistant|>...<|end|>`.\n\n")
                .append("Why two ways: every column of an operation has the same width, so the digits a column needs sit at fixed distances ")
                .append("before it, and a model this small learns the careful way far more reliably than the fast one. Its own fast ")
                .append("answers slip; its careful check catches the slip. That asymmetry (verification easier than generation) is ")
                .append("what self-correction rests on, here made visible at toy scale.\n\n")
                .append(train.mixture().spocOnlyMixture() ? "" : "It also speaks the formats of the other built-in recipes "
                        + "(S²R, Self-Refine, intrinsic, SCoRe, GSR, the ProcessBench critic, SuperCorrect): each training example "
                        + "is one call the correction engine made running that recipe on a training problem with a scripted "
                        + "answer, so the prompts are the recipes' own. Formats are drawn by the weights `" + train.mixture()
                        + "`; the trainer README describes each format.\n\n")
                .append("## Training data\n\n")
                .append("Synthetic, regenerated from the seed: problems of 2-3 operations (`+`, `-`, `*`) over one- and two-digit ")
                .append("numbers, every intermediate value in [0, 999]; each step is a local computation: a sum or difference has at ")
                .append("most one three-digit operand, a product is a one-digit factor times at most two digits. The digits of each ")
                .append("step's result, of each column's product, digit and carry, the copied written value, the check marks, the named ")
                .append("step and the verdict weigh ").append(DemoTrainer.RESULT_DIGIT_WEIGHT)
                .append("x in the loss. A fraction `errorRate` of first ")
                .append("attempts carry one injected slip (a digit of the result off by one, digit swap, wrong operand, dropped term) followed by a ")
                .append("verification naming the first wrong step and a corrected solution; a fraction `secondSlipRate` of those ")
                .append("slip again (at the named step or later) and are corrected a second time; the last solution is always right. ")
                .append("Traces are batched with neighbours in length (").append(DemoTrainer.BUCKET_BATCHES)
                .append(" batches drawn at a time) so that batches pad little. ")
                .append("The 500 held-out problems (`demo-heldout.jsonl`, drawn with seed ").append(HeldOutSet.SEED)
                .append(") are excluded from training.\n\n")
                .append("## Architecture\n\nLlama (RMSNorm, rotary positions, SwiGLU, no biases, untied output head), fp32 safetensors.\n\n```\n")
                .append(model).append("\n```\n\n")
                .append("## Training configuration\n\nDJL autograd on the PyTorch CPU engine (through the runtime's `CausalLmTrainer`), Adam (beta2 0.99), linear warm-up then cosine decay")
                .append(plan.stages().size() > 1 ? " in each stage; each stage starts from the weights the one before ended with (rows of "
                        + "a vocabulary that grew start fresh)" : "")
                .append(startFrom == null ? "" : "; the first stage started from the weights in `" + startFrom + "`")
                .append(".\n\n");
        for (int i = 0; i < results.size(); i++) {
            TrainConfig stage = plan.stages().get(i);
            DemoTrainer.Result r = results.get(i);
            int n = r.losses().size();
            double last = r.losses().subList(Math.max(0, n - 50), n).stream().mapToDouble(Float::doubleValue).average().orElse(Double.NaN);
            b.append(plan.stages().size() > 1 ? "Stage " + (i + 1) + ":\n\n" : "").append("```\n").append(stage).append("\n```\n\n")
                    .append(String.format(Locale.ROOT, "Steps run: %d of %d, %.0f s (%.2f s/step)%s. Mean loss over the last 50 steps: %.4f.%n%n",
                            r.steps(), stage.steps(), r.seconds(), r.seconds() / Math.max(1, r.steps()),
                            r.skipped() == 0 ? "" : "; " + r.skipped() + " steps left the weights unchanged (loss or gradient not finite)",
                            last));
        }
        b.append("Reproduce with `").append(reproduceCommand(plan, startFrom)).append("`")
                .append(startFrom == null ? "" : " (from the same starting model)")
                .append(". The seed fixes the data, their order and the initial weights; two runs of the same command ")
                .append("have ended with different weights (the cause is not yet found), so a retrained model meets the same ")
                .append("targets with figures a few points apart, not bit for bit (trainer README, \"P4\").\n\n")
                .append("## Files (SHA-256)\n\n");
        sums.forEach((f, h) -> b.append("- `").append(f).append("`: `").append(h).append("`\n"));
        b.append("\n## Limitations\n\nToy scale: it makes arithmetic mistakes, and its verifier can be wrong. Numbers outside the ")
                .append("training ranges, other wording, or other tasks give meaningless output.\n");
        return b.toString();
    }

    /** The heading of the model card's section that {@link #recordEvaluation} writes. */
    public static final String EVALUATION_HEADING = "## Every strategy on the held-out problems";

    /**
     * Writes {@code section} (the evaluation's table and how it was measured) into the model card of
     * {@code dir} under {@link #EVALUATION_HEADING}, replacing an earlier one, before the file list;
     * the manifest's line for the card follows.
     */
    public static void recordEvaluation(Path dir, String section) throws IOException {
        Path card = dir.resolve("MODEL_CARD.md");
        String text = Files.readString(card);
        int files = text.indexOf("## Files (SHA-256)");
        if (files < 0) {
            throw new IOException(card + " has no \"## Files (SHA-256)\" section to put the evaluation before");
        }
        int old = text.indexOf(EVALUATION_HEADING);
        int from = old >= 0 && old < files ? old : files;
        String updated = text.substring(0, from) + EVALUATION_HEADING + "\n\n" + section.strip() + "\n\n" + text.substring(files);
        Files.writeString(card, updated);
        Path manifest = dir.resolve(MANIFEST);
        if (Files.exists(manifest)) {
            StringBuilder m = new StringBuilder();
            for (String line : Files.readAllLines(manifest)) {
                m.append(line.endsWith("  MODEL_CARD.md") ? sha256(updated.getBytes(StandardCharsets.UTF_8)) + "  MODEL_CARD.md" : line)
                        .append('\n');
            }
            Files.writeString(manifest, m);
        }
    }

    /** The command line that trains {@code plan} again. */
    static String reproduceCommand(TrainPlan plan, @Nullable Path startFrom) {
        TrainConfig last = plan.last();
        StringBuilder c = new StringBuilder("./errata train-demo --seed ").append(last.seed());
        if (!plan.equals(TrainPlan.bundled(last.seed())) || startFrom != null) {
            if (plan.stages().size() > 1) {
                return c.append(" (a plan of ").append(plan.stages().size()).append(" stages, as listed) --out DIR").toString();
            }
            TrainConfig base = TrainPlan.singleStage(last.seed(), startFrom != null);
            if (!last.mixture().equals(base.mixture())) {
                c.append(" --mixture ").append(org.errata.trainer.data.FormatMixture.nameOf(last.mixture()));
            }
            if (last.steps() != base.steps()) c.append(" --steps ").append(last.steps());
            if (last.learningRate() != base.learningRate()) c.append(" --lr ").append(last.learningRate());
            if (last.batchSize() != base.batchSize()) c.append(" --batch ").append(last.batchSize());
            if (startFrom != null) c.append(" --start-from MODEL");
        }
        return c.append(" --out DIR").toString();
    }

    /** Writes the held-out problems as GSM8K-style JSONL ({@code question}, {@code answer} ending in {@code #### N}). */
    public static void writeHeldOut(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        int i = 0;
        for (ArithmeticProblem p : HeldOutSet.problems()) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("idx", i++);
            o.put("question", p.question());
            o.put("answer", p.gsm8kAnswer());
            b.append(new ObjectMapper().writeValueAsString(o)).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    /** Samples the model in {@code dir}, through the runtime, on the first {@code count} held-out problems and prints the figures. */
    public static DemoEvaluator.Report evaluate(Path dir, int count, double temperature, long seed, int maxTurns, int threads, PrintStream log)
            throws ModelException {
        DemoTrainer.configureEngine(threads);
        RuntimeOptions options = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(threads);
        try (LanguageModel model = LanguageModels.open(dir.toString(), options)) {
            List<ArithmeticProblem> problems = HeldOutSet.problems().subList(0, Math.min(count, HeldOutSet.SIZE));
            DemoEvaluator.Report r = DemoEvaluator.evaluate(model, problems, temperature, seed, maxTurns, 50, log);
            log.println(r.describe());
            return r;
        }
    }

    /**
     * Runs every strategy the demo model speaks through the engine with its built-in recipe on the
     * first {@code count} held-out problems (the model in {@code dir} plays every role), logging each
     * strategy's time; {@link org.errata.trainer.eval.StrategyScores#table} prints the rows. {@code maxTokensPerCall > 0} caps each call (a smoke test only; 0: the recipes' budgets).
     */
    public static List<org.errata.trainer.eval.StrategyScores> evaluateAll(Path dir, int count, double temperature, long seed,
            int threads, int maxTokensPerCall, PrintStream log) throws ModelException {
        DemoTrainer.configureEngine(threads);
        RuntimeOptions options = RuntimeOptions.defaults().withDevice(RuntimeOptions.Device.CPU).withThreads(threads);
        try (LanguageModel model = LanguageModels.open(dir.toString(), options)) {
            List<ArithmeticProblem> problems = HeldOutSet.problems().subList(0, Math.min(count, HeldOutSet.SIZE));
            List<org.errata.trainer.eval.StrategyScores> rows = org.errata.trainer.eval.EvalAll.run(model, problems,
                    List.of(org.errata.trainer.data.DemoFormat.values()),
                    org.errata.runtime.api.SamplingConfig.temperature(temperature, seed), maxTokensPerCall, 32, log);
            return rows;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
