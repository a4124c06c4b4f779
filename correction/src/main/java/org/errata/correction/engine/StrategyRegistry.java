package org.errata.correction.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The strategies by command-line id, each with the knobs (and defaults) it declares. */
public final class StrategyRegistry {

    private record Entry(List<Knob> knobs, Function<StrategyParams, Strategy> factory) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        register("spoc", SpocStrategy.KNOBS, SpocStrategy::new);
        register("s2r", S2rStrategy.KNOBS, S2rStrategy::new);
        register("self-refine", SelfRefineStrategy.KNOBS, SelfRefineStrategy::new);
        register("intrinsic", IntrinsicStrategy.KNOBS, IntrinsicStrategy::new);
        register("score", ScoreStrategy.KNOBS, ScoreStrategy::new);
        register("supercorrect", SuperCorrectStrategy.KNOBS, SuperCorrectStrategy::new);
        register("supercorrect-eval", SuperCorrectEvalStrategy.KNOBS, SuperCorrectEvalStrategy::new);
        register("gsr", GsrStrategy.KNOBS, GsrStrategy::new);
        register("best-of-n", BestOfNStrategy.KNOBS, BestOfNStrategy::new);
        register("majority", MajorityStrategy.KNOBS, MajorityStrategy::new);
        register("reflexion", ReflexionStrategy.KNOBS, ReflexionStrategy::new);
        register("critic", CriticStrategy.KNOBS, CriticStrategy::new);
    }

    private StrategyRegistry() {}

    private static void register(String id, List<Knob> knobs, Function<StrategyParams, Strategy> factory) {
        ENTRIES.put(id, new Entry(knobs, factory));
    }

    /** The ids, in the order METHODS.md lists the methods. */
    public static List<String> ids() {
        return List.copyOf(ENTRIES.keySet());
    }

    /** The strategy with its default parameters; empty for an unknown id. */
    public static Optional<Strategy> create(String id) {
        return create(id, Map.of());
    }

    /** The strategy with these knob values (the rest at its defaults); empty for an unknown id. */
    public static Optional<Strategy> create(String id, Map<String, Object> knobValues) {
        Entry e = ENTRIES.get(id);
        return e == null ? Optional.empty() : Optional.of(e.factory.apply(StrategyParams.of(e.knobs, knobValues)));
    }

    public static Optional<Strategy> create(String id, StrategyParams params) {
        Entry e = ENTRIES.get(id);
        return e == null ? Optional.empty() : Optional.of(e.factory.apply(params));
    }

    /** The knobs strategy {@code id} declares; empty for an unknown id. */
    public static Optional<List<Knob>> knobs(String id) {
        return Optional.ofNullable(ENTRIES.get(id)).map(Entry::knobs);
    }

    /** The default parameters of strategy {@code id}; empty for an unknown id. */
    public static Optional<StrategyParams> defaults(String id) {
        return Optional.ofNullable(ENTRIES.get(id)).map(e -> StrategyParams.of(e.knobs, Map.of()));
    }

    /** Whether strategy {@code id} uses the gold answer while running (false for unknown ids). */
    public static boolean usesGold(String id) {
        return create(id).map(Strategy::usesGold).orElse(false);
    }
}
