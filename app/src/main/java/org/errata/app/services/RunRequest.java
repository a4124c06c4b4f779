package org.errata.app.services;

import java.util.Map;
import java.util.Objects;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Sampling;
import org.jspecify.annotations.Nullable;

/**
 * Everything the launcher asks for, copied into an immutable value before it leaves the FX
 * thread: model, strategy and its knobs, dataset and the subset of its problems
 * ({@code offset}, at most {@code limit}), sampling, and the run to resume (null: a new run).
 */
public record RunRequest(
        ModelSource model,
        String strategy,
        Map<String, Object> knobs,
        String dataset,
        int offset,
        int limit,
        Sampling sampling,
        @Nullable RunId resume) {

    public RunRequest {
        Objects.requireNonNull(model);
        Objects.requireNonNull(strategy);
        Objects.requireNonNull(dataset);
        knobs = Map.copyOf(knobs);
        if (offset < 0 || limit < 1) throw new IllegalArgumentException("subset offset " + offset + ", limit " + limit);
    }

    public RunRequest resuming(RunId run) {
        return new RunRequest(model, strategy, knobs, dataset, offset, limit, sampling, run);
    }
}
