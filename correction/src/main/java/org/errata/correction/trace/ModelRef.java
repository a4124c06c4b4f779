package org.errata.correction.trace;

import org.jspecify.annotations.Nullable;

/**
 * A model as a run used it, in one role (student, teacher, inspector, critic...): enough to
 * find and check the same weights again. Never holds an API key.
 */
public record ModelRef(
        String role,
        String id,
        String backend,
        @Nullable String weightsHash,
        @Nullable String location,
        String engineVersion) {

    public ModelRef {
        Ids.check(role, "model role");
        Ids.check(id, "model id");
    }
}
