package org.errata.correction.trace;

/** Where one (run, problem) tree stands. Only FINISHED trees survive a resume; FAILED ones are retried. */
public enum TraceStatus {
    RUNNING, FINISHED, FAILED;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
