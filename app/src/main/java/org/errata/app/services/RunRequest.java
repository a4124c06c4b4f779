package org.errata.app.services;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.errata.correction.engine.ModelRole;
import org.errata.correction.recipe.Recipe;
import org.errata.correction.trace.RunId;
import org.jspecify.annotations.Nullable;

/**
 * Everything a front-end asks for, copied into an immutable value before it leaves the FX
 * thread: model, strategy, the recipe file the user loaded (null: the strategy's own), the knobs
 * the user set, by recipe key (nothing else: every other knob is the recipe's), dataset and the
 * subset of its problems ({@code offset}, at most {@code limit}), the run to resume (null: a
 * new run), and a model of its own for other roles the strategy calls (SuperCorrect's teacher and
 * inspector, the critic); a role not listed is played by {@code model}.
 */
public record RunRequest(
        ModelSource model,
        String strategy,
        @Nullable Recipe recipe,
        Map<String, Object> knobs,
        String dataset,
        int offset,
        int limit,
        @Nullable RunId resume,
        Map<ModelRole, ModelSource> roleModels) {

    public RunRequest {
        Objects.requireNonNull(model);
        Objects.requireNonNull(strategy);
        Objects.requireNonNull(dataset);
        knobs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(knobs));
        if (roleModels.containsKey(ModelRole.STUDENT)) {
            throw new IllegalArgumentException("the student's model is the request's model, not a role model");
        }
        roleModels = roleModels.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(roleModels));
        if (offset < 0 || limit < 1) throw new IllegalArgumentException("subset offset " + offset + ", limit " + limit);
        if (recipe != null && !recipe.strategy().equals(strategy)) {
            throw new IllegalArgumentException("the recipe is for " + recipe.strategy() + ", not " + strategy);
        }
    }

    /** A request in which every role is played by {@code model}. */
    public RunRequest(ModelSource model, String strategy, @Nullable Recipe recipe, Map<String, Object> knobs,
                      String dataset, int offset, int limit, @Nullable RunId resume) {
        this(model, strategy, recipe, knobs, dataset, offset, limit, resume, Map.of());
    }

    /** A request that sets nothing: the strategy's recipe as it is. */
    public static RunRequest defaults(ModelSource model, String strategy, String dataset, int offset, int limit) {
        return new RunRequest(model, strategy, null, Map.of(), dataset, offset, limit, null);
    }

    public RunRequest resuming(RunId run) {
        return new RunRequest(model, strategy, recipe, knobs, dataset, offset, limit, run, roleModels);
    }

    /** A copy in which these roles have models of their own (the others are played by {@code model}). */
    public RunRequest withRoleModels(Map<ModelRole, ModelSource> roles) {
        return new RunRequest(model, strategy, recipe, knobs, dataset, offset, limit, resume, roles);
    }
}
