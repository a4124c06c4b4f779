package org.errata.correction.trace;

/** Where one (run, problem) tree stands. Only FINISHED and FAILED trees survive a resume. */
public enum TraceStatus {
    RUNNING, FINISHED, FAILED;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
