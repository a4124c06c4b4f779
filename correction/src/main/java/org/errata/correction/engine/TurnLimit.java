package org.errata.correction.engine;

import java.util.Map;

/**
 * The parameters of the strategies whose one knob is {@code max_turns}, the most attempts in one
 * tree (S²R, Self-Refine, intrinsic prompting, Reflexion, the critic loop); each declares the
 * knob with its own default and reading of it.
 */
public record TurnLimit(int maxTurns) implements StrategyParams {

    public TurnLimit {
        if (maxTurns < 1) throw new IllegalArgumentException("max turns must be >= 1: " + maxTurns);
    }

    public static TurnLimit of(KnobValues v) {
        return new TurnLimit(v.integer(MAX_TURNS.name()));
    }

    @Override
    public Map<String, Object> values() {
        return Map.of(MAX_TURNS.name(), maxTurns);
    }
}
