package org.errata.correction.trace;

import org.jspecify.annotations.Nullable;

/** Guidance for fixing a located error and, when given, the corrected step or prefix. */
public record Correction(
        NodeId id,
        NodeId parent,
        int seq,
        String guidance,
        @Nullable String correctedText,
        String producedBy) implements TraceNode {}
