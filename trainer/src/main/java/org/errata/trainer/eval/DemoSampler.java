package org.errata.trainer.eval;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.errata.trainer.tokenizer.DemoTokenizer;
import org.errata.trainer.train.DemoLlama;

/**
 * Batched temperature sampling from the demo model with a KV cache: prompts are left-padded,
 * each row stops at {@code <|end|>} or after {@code maxNew} tokens. Row {@code i} draws from
 * {@code seed + i}, so results do not depend on the batch it was in.
 */
public final class DemoSampler {

    private final DemoLlama model;
    private final HuggingFaceTokenizer tokenizer;

    public DemoSampler(DemoLlama model, HuggingFaceTokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** The continuations of {@code prompts} (rendered text), decoded, without the final {@code <|end|>}. */
    public List<String> sample(List<String> prompts, double temperature, long seed, int maxNew, NDManager parent) {
        int b = prompts.size();
        int end = DemoTokenizer.id(DemoTokenizer.END);
        int pad = DemoTokenizer.id(DemoTokenizer.PAD);
        long[][] enc = new long[b][];
        int len = 0;
        for (int i = 0; i < b; i++) {
            enc[i] = tokenizer.encode(prompts.get(i)).getIds();
            len = Math.max(len, enc[i].length);
        }
        long[] ids = new long[b * len];
        long[] pos = new long[b * len];
        float[] keyBias = new float[b * len];
        for (int i = 0; i < b; i++) {
            int padN = len - enc[i].length;
            for (int j = 0; j < len; j++) {
                ids[i * len + j] = j < padN ? pad : enc[i][j - padN];
                pos[i * len + j] = Math.max(0, j - padN);
                keyBias[i * len + j] = j < padN ? -1e9f : 0f;
            }
        }
        SplittableRandom[] random = new SplittableRandom[b];
        for (int i = 0; i < b; i++) {
            random[i] = new SplittableRandom(seed + i);
        }
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            out.add(new ArrayList<>());
        }
        boolean[] done = new boolean[b];
        long[] next = new long[b];
        int past = len;
        try (NDManager m = parent.newSubManager(); DemoLlama.KvCache cache = new DemoLlama.KvCache(m)) {
            float[] logits;
            try (NDManager step = m.newSubManager()) {
                NDArray l = model.forward(step.create(ids, new Shape(b, len)), step.create(pos, new Shape(b, len)),
                        step.create(keyBias, new Shape(b, len)), cache);
                logits = l.get(":, -1, :").toFloatArray();
            }
            int v = model.config().vocabSize();
            for (int t = 0; t < maxNew; t++) {
                boolean all = true;
                for (int i = 0; i < b; i++) {
                    if (done[i]) {
                        next[i] = pad;
                        continue;
                    }
                    next[i] = pick(logits, i * v, v, temperature, random[i]);
                    if (next[i] == end) {
                        done[i] = true;
                    } else {
                        out.get(i).add(next[i]);
                        all = false;
                    }
                }
                if (all || t == maxNew - 1) {
                    break;
                }
                long[] p = new long[b];
                for (int i = 0; i < b; i++) {
                    p[i] = past - (len - enc[i].length);
                }
                float[] kb = Arrays.copyOf(keyBias, b * (past + 1));
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j < past; j++) {
                        kb[i * (past + 1) + j] = j < len - enc[i].length ? -1e9f : 0f;
                    }
                    kb[i * (past + 1) + past] = 0f;
                }
                try (NDManager step = m.newSubManager()) {
                    NDArray l = model.forward(step.create(next, new Shape(b, 1)), step.create(p, new Shape(b, 1)),
                            step.create(kb, new Shape(b, past + 1)), cache);
                    logits = l.toFloatArray();
                }
                past++;
            }
        }
        List<String> texts = new ArrayList<>();
        for (List<Long> o : out) {
            texts.add(tokenizer.decode(o.stream().mapToLong(Long::longValue).toArray(), false));
        }
        return texts;
    }

    static int pick(float[] logits, int from, int v, double temperature, SplittableRandom random) {
        int best = from;
        for (int k = from; k < from + v; k++) {
            if (logits[k] > logits[best]) {
                best = k;
            }
        }
        if (temperature <= 0) {
            return best - from;
        }
        double[] w = new double[v];
        double sum = 0;
        for (int k = 0; k < v; k++) {
            w[k] = Math.exp((logits[from + k] - logits[best]) / temperature);
            sum += w[k];
        }
        double r = random.nextDouble() * sum;
        for (int k = 0; k < v; k++) {
            r -= w[k];
            if (r <= 0) {
                return k;
            }
        }
        return v - 1;
    }
}
