package org.errata.correction.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strategy's knobs. One record serves every strategy; each reads the fields it needs:
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

    /** The parameters as stored in the run record. */
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
