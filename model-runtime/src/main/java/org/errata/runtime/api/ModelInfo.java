package org.errata.runtime.api;

import org.jspecify.annotations.Nullable;

/**
 * What a run records about the model so it can be reproduced: a display id, the backend, the
 * architecture, a hash of the weight files (null for a remote server) and the engine version.
 */
public record ModelInfo(
        String id,
        String backend,
        String architecture,
        @Nullable String weightsHash,
        int contextLength,
        String device,
        String engineVersion) {}
