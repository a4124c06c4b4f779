package org.errata.correction.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of a strategy's knobs as the engine reads them. Which knobs a strategy has, and
 * their defaults, are declared once by the strategy ({@code KNOBS}, from the shared
 * descriptions below); {@link #of} builds the record from those values. The fields a strategy
 * has no knob for keep the neutral values of {@link #defaults()} and are never recorded.
 * The fields:
 * <ul>
 *   <li>{@code maxTurns}: the most attempts in one tree (SPOC, S²R, Self-Refine, Reflexion
 *       trials, critic rounds + 1; intrinsic prompting does {@code maxTurns - 1} review rounds;
 *       SCoRe always makes 2);</li>
 *   <li>{@code samples}: N for GSR, best-of-N and majority vote;</li>
 *   <li>{@code inspectorRounds}: SuperCorrect's most inspector checks (3 in the paper);</li>
 *   <li>{@code spocMode}: SPOC in one call or turn by turn;</li>
 *   <li>{@code weightedVote}: majority vote weighted by self-verification p(yes);</li>
 *   <li>{@code reattempt}: whether SuperCorrect's student re-solves from the corrected prefix;</li>
 *   <li>{@code studentCorrection}: whether SuperCorrect's student also analyses its own wrong
 *       solution, without the reference (the rejected side of the cross-model DPO pair).</li>
 * </ul>
 */
public record StrategyParams(
        int maxTurns,
        int samples,
        int inspectorRounds,
        SpocMode spocMode,
        boolean weightedVote,
        boolean reattempt,
        boolean studentCorrection) {

    public enum SpocMode { SINGLE_PASS, TURN_BY_TURN }

    public StrategyParams {
        if (maxTurns < 1) throw new IllegalArgumentException("max turns must be >= 1: " + maxTurns);
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1: " + samples);
        if (inspectorRounds < 0) throw new IllegalArgumentException("inspector rounds must be >= 0: " + inspectorRounds);
        java.util.Objects.requireNonNull(spocMode, "spocMode");
    }

    public static final Knob MAX_TURNS = Knob.integer("max_turns", 3, 1, 64, "Most attempts in one tree.");
    public static final Knob SAMPLES = Knob.integer("samples", 4, 1, 256, "Samples per problem.");
    public static final Knob INSPECTOR_ROUNDS = Knob.integer("inspector_rounds", 3, 0, 16,
            "Most inspector checks of the teacher's correction (3 in the SuperCorrect paper).");
    public static final Knob SPOC_MODE = Knob.choice("spoc_mode", "single_pass", List.of("single_pass", "turn_by_turn"),
            "single_pass: one call, cut at the first Yes; turn_by_turn: one call per solution and per verification.");
    public static final Knob WEIGHTED_VOTE = Knob.bool("weighted_vote", false,
            "Weight each vote by the model's own p(yes) that the candidate is right.");
    public static final Knob REATTEMPT = Knob.bool("reattempt", true,
            "The student re-solves from the step the teacher corrected.");
    public static final Knob STUDENT_CORRECTION = Knob.bool("student_correction", true,
            "The student also analyses its own wrong solution without the reference (the rejected side of the DPO pair).");

    /**
     * The record for a strategy with these {@code knobs}: each knob's value from {@code values}
     * when present (already checked by {@link Knob#coerce}), else the knob's default.
     */
    public static StrategyParams of(List<Knob> knobs, Map<String, Object> values) {
        StrategyParams p = defaults();
        for (Knob k : knobs) {
            Object v = k.coerce(values.getOrDefault(k.name(), k.defaultValue()));
            p = switch (k.name()) {
                case "max_turns" -> p.withMaxTurns((Integer) v);
                case "samples" -> p.withSamples((Integer) v);
                case "inspector_rounds" -> p.withInspectorRounds((Integer) v);
                case "spoc_mode" -> p.withSpocMode(SpocMode.valueOf(((String) v).toUpperCase(java.util.Locale.ROOT)));
                case "weighted_vote" -> p.withWeightedVote((Boolean) v);
                case "reattempt" -> p.withReattempt((Boolean) v);
                case "student_correction" -> p.withStudentCorrection((Boolean) v);
                default -> throw new IllegalArgumentException("no parameter field for knob " + k.name());
            };
        }
        return p;
    }

    /** The values of {@code knobs} only, in their order: what a run of the strategy records. */
    public Map<String, Object> values(List<Knob> knobs) {
        Map<String, Object> all = toMap();
        Map<String, Object> m = new LinkedHashMap<>();
        for (Knob k : knobs) m.put(k.name(), all.get(k.name()));
        return m;
    }

    /** Neutral values; only the fields without a knob in a strategy keep them. */
    public static StrategyParams defaults() {
        return new StrategyParams(3, 4, 3, SpocMode.SINGLE_PASS, false, true, true);
    }

    public StrategyParams withMaxTurns(int v) { return new StrategyParams(v, samples, inspectorRounds, spocMode, weightedVote, reattempt, studentCorrection); }
    public StrategyParams withSamples(int v) { return new StrategyParams(maxTurns, v, inspectorRounds, spocMode, weightedVote, reattempt, studentCorrection); }
    public StrategyParams withInspectorRounds(int v) { return new StrategyParams(maxTurns, samples, v, spocMode, weightedVote, reattempt, studentCorrection); }
    public StrategyParams withSpocMode(SpocMode v) { return new StrategyParams(maxTurns, samples, inspectorRounds, v, weightedVote, reattempt, studentCorrection); }
    public StrategyParams withWeightedVote(boolean v) { return new StrategyParams(maxTurns, samples, inspectorRounds, spocMode, v, reattempt, studentCorrection); }
    public StrategyParams withReattempt(boolean v) { return new StrategyParams(maxTurns, samples, inspectorRounds, spocMode, weightedVote, v, studentCorrection); }

    public StrategyParams withStudentCorrection(boolean v) {
        return new StrategyParams(maxTurns, samples, inspectorRounds, spocMode, weightedVote, reattempt, v);
    }

    /** Every field by knob name. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_turns", maxTurns);
        m.put("samples", samples);
        m.put("inspector_rounds", inspectorRounds);
        m.put("spoc_mode", spocMode.name().toLowerCase(java.util.Locale.ROOT));
        m.put("weighted_vote", weightedVote);
        m.put("reattempt", reattempt);
        m.put("student_correction", studentCorrection);
        return m;
    }
}
