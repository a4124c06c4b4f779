package org.errata.persistence.trace;

import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;

/** An attempt whose text matched a full-text query, with a short snippet around the match. */
public record AttemptHit(RunId run, ProblemId problem, NodeId node, String snippet) {}
