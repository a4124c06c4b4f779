package org.errata.correction.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The strategies by command-line id, each with its default parameters. */
public final class StrategyRegistry {

    private static final Map<String, Function<StrategyParams, Strategy>> FACTORIES = new LinkedHashMap<>();
    private static final Map<String, StrategyParams> DEFAULTS = new LinkedHashMap<>();

    static {
        StrategyParams base = StrategyParams.defaults();
        register("spoc", base.withMaxTurns(3), SpocStrategy::new);
        register("s2r", base.withMaxTurns(4), S2rStrategy::new);
        register("self-refine", base.withMaxTurns(4), SelfRefineStrategy::new);
        register("intrinsic", base.withMaxTurns(2), IntrinsicStrategy::new);
        register("score", base.withMaxTurns(2), ScoreStrategy::new);
        register("supercorrect", base.withMaxTurns(2), SuperCorrectStrategy::new);
        register("gsr", base.withSamples(4), GsrStrategy::new);
        register("best-of-n", base.withSamples(4), BestOfNStrategy::new);
        register("majority", base.withSamples(4), MajorityStrategy::new);
        register("reflexion", base.withMaxTurns(4), ReflexionStrategy::new);
        register("critic", base.withMaxTurns(3), CriticStrategy::new);
    }

    private StrategyRegistry() {}

    private static void register(String id, StrategyParams defaults, Function<StrategyParams, Strategy> factory) {
        FACTORIES.put(id, factory);
        DEFAULTS.put(id, defaults);
    }

    /** The ids, in the order METHODS.md lists the methods. */
    public static List<String> ids() {
        return List.copyOf(FACTORIES.keySet());
    }

    /** The strategy with its default parameters; empty for an unknown id. */
    public static Optional<Strategy> create(String id) {
        StrategyParams p = DEFAULTS.get(id);
        return p == null ? Optional.empty() : create(id, p);
    }

    public static Optional<Strategy> create(String id, StrategyParams params) {
        Function<StrategyParams, Strategy> f = FACTORIES.get(id);
        return f == null ? Optional.empty() : Optional.of(f.apply(params));
    }

    /** The default parameters of strategy {@code id}; empty for an unknown id. */
    public static Optional<StrategyParams> defaults(String id) {
        return Optional.ofNullable(DEFAULTS.get(id));
    }

    /** Whether strategy {@code id} uses the gold answer while running (false for unknown ids). */
    public static boolean usesGold(String id) {
        return create(id).map(Strategy::usesGold).orElse(false);
    }
}
