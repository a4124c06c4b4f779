package org.errata.correction.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The strategies by command-line id, each with the knobs (and defaults) it declares. */
public final class StrategyRegistry {

    private record Entry(List<Knob> knobs, Function<KnobValues, Strategy> factory) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        register("spoc", SpocStrategy.KNOBS, v -> new SpocStrategy(SpocStrategy.Params.of(v)));
        register("s2r", S2rStrategy.KNOBS, v -> new S2rStrategy(TurnLimit.of(v)));
        register("self-refine", SelfRefineStrategy.KNOBS, v -> new SelfRefineStrategy(TurnLimit.of(v)));
        register("intrinsic", IntrinsicStrategy.KNOBS, v -> new IntrinsicStrategy(TurnLimit.of(v)));
        register("score", ScoreStrategy.KNOBS, v -> new ScoreStrategy(new StrategyParams.None()));
        register("supercorrect", SuperCorrectStrategy.KNOBS, v -> new SuperCorrectStrategy(SuperCorrectStrategy.Params.of(v)));
        register("supercorrect-eval", SuperCorrectEvalStrategy.KNOBS, v -> new SuperCorrectEvalStrategy(new StrategyParams.None()));
        register("gsr", GsrStrategy.KNOBS, v -> new GsrStrategy(GsrStrategy.Params.of(v)));
        register("best-of-n", BestOfNStrategy.KNOBS, v -> new BestOfNStrategy(BestOfNStrategy.Params.of(v)));
        register("majority", MajorityStrategy.KNOBS, v -> new MajorityStrategy(MajorityStrategy.Params.of(v)));
        register("reflexion", ReflexionStrategy.KNOBS, v -> new ReflexionStrategy(TurnLimit.of(v)));
        register("critic", CriticStrategy.KNOBS, v -> new CriticStrategy(TurnLimit.of(v)));
    }

    private StrategyRegistry() {}

    private static void register(String id, List<Knob> knobs, Function<KnobValues, Strategy> factory) {
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
    public static Optional<Strategy> create(String id, Map<String, ?> knobValues) {
        Entry e = ENTRIES.get(id);
        return e == null ? Optional.empty() : Optional.of(e.factory.apply(KnobValues.of(e.knobs, knobValues)));
    }

    /** The knobs strategy {@code id} declares; empty for an unknown id. */
    public static Optional<List<Knob>> knobs(String id) {
        return Optional.ofNullable(ENTRIES.get(id)).map(Entry::knobs);
    }

    /** Whether strategy {@code id} uses the gold answer while running (false for unknown ids). */
    public static boolean usesGold(String id) {
        return create(id).map(Strategy::usesGold).orElse(false);
    }
}
