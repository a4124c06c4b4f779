package org.errata.runtime.djl;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.errata.runtime.safetensors.SafetensorsCheckpoint;

/**
 * Prints what a decoding step that checks a draft costs against a one-token step: the median step
 * time of {@code t} new tokens per row over the same context, for 1 and for 32 rows, the widths
 * interleaved round by round so that machine load falls on all of them alike. A command, not a test:
 * {@code java -cp ... org.errata.runtime.djl.VerifyCostBench MODEL_FOLDER [context] [rounds] [threads]}
 * (0 rounds: only CopySpec's own work per step, which needs no model).
 * {@link DraftPlanner}'s starting estimates come from these figures.
 */
public final class VerifyCostBench {

    private VerifyCostBench() {}

    static final int[] WIDTHS = {1, 2, 3, 5, 9, 17, 33};
    static final int[] ROWS = {1, 32};

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        int context = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        DjlEngine.ensureStarted(threads);
        int available = DjlEngine.threads();
        LlamaConfig c = LlamaConfig.read(folder.resolve("config.json"));
        try (NDManager m = NDManager.newBaseManager(); SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(folder)) {
            LlamaWeights w = LlamaWeights.load(c, ck, m, DataType.FLOAT32);
            DecodeStep decoder = new DecodeStep(w, m);
            SplittableRandom random = new SplittableRandom(1);
            int[] prompt = random.ints(context, 4, c.vocabSize()).toArray();
            System.out.printf(Locale.ROOT, "%s: context %d tokens, %d rounds, %d threads; load average %s%n",
                    folder.getFileName(), context, rounds, available, loadAverage());
            System.out.printf(Locale.ROOT, "CopySpec's own work per step (hashing, looking up and planning): %s%n",
                    bookkeeping(c.vocabSize(), context));
            for (int rows : rounds > 0 ? ROWS : new int[0]) {
                BatchCache batch = new BatchCache(m, c, DataType.FLOAT32);
                try (KvArrays kv = prefill(m, w, c, prompt)) {
                    batch.join(kv, rows);
                }
                batch.reserve(WIDTHS[WIDTHS.length - 1]);
                long[][] nanos = new long[WIDTHS.length][rounds];
                for (int round = -3; round < rounds; round++) {
                    for (int k = 0; k < WIDTHS.length; k++) {
                        // alternate the order of the widths so no width always follows another
                        int wi = round % 2 == 0 ? k : WIDTHS.length - 1 - k;
                        int t = WIDTHS[wi];
                        long[] ids = new long[rows * t];
                        int[] positions = new int[rows * t];
                        for (int i = 0; i < ids.length; i++) {
                            ids[i] = random.nextInt(4, c.vocabSize());
                            positions[i] = context + i % t;
                        }
                        long t0 = System.nanoTime();
                        try (NDManager step = m.newSubManager()) {
                            decoder.logits(step, batch.storage(), batch.width(), t, ids, positions,
                                    batch.mask(t), available).floats(null);
                        }
                        long dt = System.nanoTime() - t0;
                        if (round >= 0) {
                            nanos[wi][round] = dt;
                        }
                    }
                }
                double one = median(nanos[0]);
                System.out.printf(Locale.ROOT, "rows %2d:", rows);
                for (int k = 0; k < WIDTHS.length; k++) {
                    double med = median(nanos[k]);
                    System.out.printf(Locale.ROOT, "  t=%d %.3f ms (%.2fx)", WIDTHS[k], med / 1e6, med / one);
                }
                System.out.println();
                batch.close();
            }
            System.out.printf(Locale.ROOT, "load average %s%n", loadAverage());
        }
    }

    /**
     * The median time CopySpec adds to a one-token step when no draft is checked: per row, the token
     * appended to its {@link CopyDrafter} and a draft looked up, then the {@link DraftPlanner}'s choice
     * (with measured costs under which checks seldom pay). The rows' contexts are the
     * same random text, half of it repeated, so lookups find matches and walk their chains.
     */
    static String bookkeeping(int vocab, int context) {
        StringBuilder out = new StringBuilder();
        SplittableRandom random = new SplittableRandom(3);
        int[] text = random.ints(context / 2, 4, vocab).toArray();
        for (int rows : ROWS) {
            DraftPlanner planner = new DraftPlanner();
            for (int t = 1; t <= 4; t++) {
                planner.record(rows, t, 1_000_000L * t * rows);
            }
            CopyDrafter[] drafters = new CopyDrafter[rows];
            for (int r = 0; r < rows; r++) {
                drafters[r] = new CopyDrafter(3, 32);
                drafters[r].appendAll(text);
            }
            int steps = 2000;
            long[] nanos = new long[steps];
            int[] lengths = new int[rows];
            double[] acceptance = new double[rows];
            for (int step = 0; step < steps; step++) {
                long t0 = System.nanoTime();
                for (int r = 0; r < rows; r++) {
                    drafters[r].append(text[(step + r) % text.length]);
                    int[] from = new int[2];
                    lengths[r] = drafters[r].draft(31, from).length;
                    acceptance[r] = planner.acceptance(from[1]);
                }
                planner.width(lengths, acceptance);
                nanos[step] = System.nanoTime() - t0;
            }
            out.append(String.format(Locale.ROOT, "%s%d rows %.1f µs", out.isEmpty() ? "" : ", ", rows,
                    median(Arrays.copyOfRange(nanos, steps / 2, steps)) / 1e3));
        }
        return out.toString();
    }

    static double median(long[] a) {
        long[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    private static KvArrays prefill(NDManager m, LlamaWeights w, LlamaConfig c, int[] tokens) {
        KvArrays kv = new KvArrays(m, c.numLayers());
        int n = tokens.length;
        long[] ids = Arrays.stream(tokens).asLongStream().toArray();
        NDList rope = LlamaForward.ropeTables(m, c, LlamaForward.positions(1, n, 0), DataType.FLOAT32);
        LlamaForward.forward(w, m.create(ids, new Shape(1, n)), rope.get(0), rope.get(1),
                LlamaForward.causalMask(m, n, 0, DataType.FLOAT32), kv, true);
        return kv;
    }

    private static String loadAverage() {
        return org.errata.runtime.reference.LoadAverage.text(" ", "unknown"); // not Linux: the figures stand without it
    }
}
