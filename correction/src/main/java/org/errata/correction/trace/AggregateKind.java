package org.errata.correction.trace;

public enum AggregateKind {
    VOTE, WEIGHTED_VOTE, BEST_OF_N, REFINE;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
