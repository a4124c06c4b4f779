package org.errata.app.services;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.trace.RunId;
import org.jspecify.annotations.Nullable;

/**
 * Everything a front-end asks for, copied into an immutable value before it leaves the FX
 * thread: model, strategy, the recipe file the user loaded (null: the strategy's own), the knobs
 * the user set, by recipe key (nothing else: every other knob is the recipe's), dataset and the
 * subset of its problems ({@code offset}, at most {@code limit}), and the run to resume (null: a
 * new run).
 */
public record RunRequest(
        ModelSource model,
        String strategy,
        @Nullable Recipe recipe,
        Map<String, Object> knobs,
        String dataset,
        int offset,
        int limit,
        @Nullable RunId resume) {

    public RunRequest {
        Objects.requireNonNull(model);
        Objects.requireNonNull(strategy);
        Objects.requireNonNull(dataset);
        knobs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(knobs));
        if (offset < 0 || limit < 1) throw new IllegalArgumentException("subset offset " + offset + ", limit " + limit);
        if (recipe != null && !recipe.strategy().equals(strategy)) {
            throw new IllegalArgumentException("the recipe is for " + recipe.strategy() + ", not " + strategy);
        }
    }

    /** A request that sets nothing: the strategy's recipe as it is. */
    public static RunRequest defaults(ModelSource model, String strategy, String dataset, int offset, int limit) {
        return new RunRequest(model, strategy, null, Map.of(), dataset, offset, limit, null);
    }

    public RunRequest resuming(RunId run) {
        return new RunRequest(model, strategy, recipe, knobs, dataset, offset, limit, run);
    }
}
