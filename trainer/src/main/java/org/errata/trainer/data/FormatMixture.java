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
     * call it trains (Self-Refine, intrinsic and the critic about 3, SuperCorrect 1 or 5; SCoRe and
     * GSR 1: {@code DemoFormat.trained}), so these weights give about this share of examples: SPOC
     * 25 %, S²R 17 %, Self-Refine 15 %, SuperCorrect 14 %, critic 12 %, intrinsic 8 %, SuperCorrect
     * evaluation 4.5 %, SCoRe 4 %, GSR 2.5 %. (The model bundled on 2026-12-06 was trained with
     * SCoRe and GSR giving every call: their solve calls made GSR 11 % and SCoRe 7 %, the
     * refinement and the revision about the same share as now.) SPOC and S²R, whose one example is
     * a whole multi-turn stream, keep the largest shares.
     */
    public static FormatMixture allFormats() {
        return weights("spoc=6,s2r=4,self-refine=1.2,intrinsic=0.6,score=0.9,gsr=0.6,critic=1,supercorrect=1.2,supercorrect-eval=1");
    }

    /**
     * The third stage of the model bundled on the morning of 2026-12-07 (and stages 3 and 4 of the
     * one bundled now): the calls whose loops lagged after the second stage drawn more (SCoRe's
     * revision, GSR's refinement, the critic's critique, the SuperCorrect teacher),
     * the rest kept in the mix so that what the model had learned stays. SCoRe and GSR draws give
     * one example each (their last call: {@code DemoFormat.trained}); about this share of
     * examples: SuperCorrect 23 %, critic 21 %, SCoRe 10 %, GSR 10 %, Self-Refine 10 %, SPOC 10 %,
     * S²R 7 %, intrinsic 6 %, SuperCorrect evaluation 2 %.
     */
    public static FormatMixture focused() {
        return weights("spoc=3,s2r=2,self-refine=1,intrinsic=0.5,score=3,gsr=3,critic=2,supercorrect=2.4,supercorrect-eval=0.5");
    }

    /**
     * The second stage of the bare command's plan ({@code TrainPlan.bundled}): every format, with the calls
     * that lag after a short fine-tune drawn most (GSR's refinement, SCoRe's revision, S²R, the
     * critic, the SuperCorrect teacher), about this share of examples: critic 23 %, SuperCorrect
     * 22 %, GSR 12 %, SPOC, S²R, SCoRe and Self-Refine 9 % each, intrinsic 5 %, SuperCorrect
     * evaluation 2 %. Tries R2 and R3 of the trainer README chose the weights: the teacher met its
     * target drawn 2.5 (R2), the critic drawn 2.5 (R3).
     */
    public static FormatMixture everyFormat() {
        return weights("spoc=3,s2r=3,self-refine=1,intrinsic=0.5,score=3,gsr=4,critic=2.5,supercorrect=2.5,supercorrect-eval=0.5");
    }

    /**
     * Reads {@code spoc=3,s2r=1}; a bare {@code spoc} means weight 1; {@code all} is
     * {@link #allFormats()}, {@code focused} {@link #focused()}, {@code every} {@link #everyFormat()}.
     */
    public static FormatMixture parse(String text) {
        FormatMixture named = named().get(text.strip());
        return named != null ? named : weights(text);
    }

    /** The mixtures {@link #parse} and {@link #nameOf} know by name. */
    private static Map<String, FormatMixture> named() {
        return Map.of("all", allFormats(), "focused", focused(), "every", everyFormat());
    }

    /** {@code spoc=3,s2r=1} read as weights by recipe id. */
    private static FormatMixture weights(String text) {
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

    /** How {@link #parse} is given this mixture: {@code all}, {@code focused}, {@code every}, or its weights. */
    public static String nameOf(FormatMixture m) {
        return named().entrySet().stream().filter(e -> e.getValue().equals(m)).map(Map.Entry::getKey).findFirst()
                .orElse(m.toString());
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
