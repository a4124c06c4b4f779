package org.errata.trainer.data;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;

/**
 * How often each demo format is drawn for a training example: weights, not necessarily summing
 * to one. Written and read as {@code spoc=3,s2r=1,...} (recipe ids), the form of the command
 * line's {@code --mixture} and of the model card.
 */
public record FormatMixture(Map<DemoFormat, Double> weights) {

    public FormatMixture {
        EnumMap<DemoFormat, Double> m = new EnumMap<>(DemoFormat.class);
        weights.forEach((f, w) -> {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight of " + f.recipe() + " must be >= 0: " + w);
            }
            if (w > 0) {
                m.put(f, w);
            }
        });
        if (m.isEmpty()) {
            throw new IllegalArgumentException("a mixture needs at least one format with a positive weight");
        }
        weights = java.util.Collections.unmodifiableMap(m);
    }

    /** SPOC only: the stream of the SPOC-only demo model, draw for draw. */
    public static FormatMixture spocOnly() {
        return new FormatMixture(Map.of(DemoFormat.SPOC, 1.0));
    }

    /**
     * Every format. Weights are per draw and a draw of a multi-call format gives one example per
     * call (Self-Refine, intrinsic and the critic about 3, GSR 5, SuperCorrect 1 or 5), so these
     * weights give about this share of examples: SPOC 22 %, S²R 15 %, Self-Refine 13 %, SuperCorrect
     * 12 %, GSR 11 %, critic 11 %, intrinsic 7 %, SCoRe 7 %, SuperCorrect evaluation 4 %. SPOC and
     * S²R, whose one example is a whole multi-turn stream, keep the largest shares.
     */
    public static FormatMixture allFormats() {
        Map<DemoFormat, Double> m = new EnumMap<>(DemoFormat.class);
        m.put(DemoFormat.SPOC, 6.0);
        m.put(DemoFormat.S2R, 4.0);
        m.put(DemoFormat.SELF_REFINE, 1.2);
        m.put(DemoFormat.INTRINSIC, 0.6);
        m.put(DemoFormat.SCORE, 0.9);
        m.put(DemoFormat.GSR, 0.6);
        m.put(DemoFormat.CRITIC, 1.0);
        m.put(DemoFormat.SUPERCORRECT, 1.2);
        m.put(DemoFormat.SUPERCORRECT_EVAL, 1.0);
        return new FormatMixture(m);
    }

    /** Reads {@code spoc=3,s2r=1}; a bare {@code spoc} means weight 1; {@code all} is {@link #allFormats()}. */
    public static FormatMixture parse(String text) {
        if (text.strip().equals("all")) {
            return allFormats();
        }
        Map<DemoFormat, Double> m = new EnumMap<>(DemoFormat.class);
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            double w;
            try {
                w = kv.length == 2 ? Double.parseDouble(kv[1].strip()) : 1.0;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a weight in '" + part.strip() + "'");
            }
            m.put(DemoFormat.byRecipe(kv[0]), w);
        }
        return new FormatMixture(m);
    }

    public boolean spocOnlyMixture() {
        return weights.keySet().equals(java.util.Set.of(DemoFormat.SPOC));
    }

    /** One format, drawn by weight. */
    public DemoFormat draw(SplittableRandom random) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double x = random.nextDouble() * total;
        DemoFormat last = null;
        for (Map.Entry<DemoFormat, Double> e : weights.entrySet()) {
            last = e.getKey();
            x -= e.getValue();
            if (x < 0) {
                return last;
            }
        }
        return last;
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(",");
        weights.forEach((f, w) -> j.add(f.recipe() + "=" + (w == Math.rint(w) ? Long.toString(w.longValue()) : w.toString())));
        return j.toString();
    }
}
