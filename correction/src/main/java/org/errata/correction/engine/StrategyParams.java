package org.errata.correction.engine;

import java.util.List;
import java.util.Map;

/**
 * The values of one strategy's knobs as the engine reads them: a small record per strategy (or
 * per family of strategies with the same knobs, {@link TurnLimit}), declared beside the strategy
 * with its knobs and defaults, built from {@link KnobValues} and holding only the fields that
 * strategy uses. {@link #values()} gives them back by knob name: what a run records.
 *
 * <p>The knob descriptions shared by several strategies live here; a strategy adapts one with
 * its own default and help ({@link Knob#withDefault}, {@link Knob#withHelp}).
 */
public sealed interface StrategyParams permits StrategyParams.None, TurnLimit, SpocStrategy.Params,
        SuperCorrectStrategy.Params, GsrStrategy.Params, BestOfNStrategy.Params, MajorityStrategy.Params {

    /** Every field by knob name, as the knob writes it (a choice as its lower-case word). */
    Map<String, Object> values();

    Knob MAX_TURNS = Knob.integer("max_turns", 3, 1, 64, "Most attempts in one tree.");
    Knob SAMPLES = Knob.integer("samples", 4, 1, 256, "Samples per problem.");

    /** The parameters of a strategy without knobs (SCoRe always makes two attempts). */
    record None() implements StrategyParams {
        public static final List<Knob> KNOBS = List.of();

        @Override
        public Map<String, Object> values() {
            return Map.of();
        }
    }
}
