package org.errata.correction.trace;

/** Whether the model call behind a node succeeded. A failed node keeps its error; the run goes on. */
public enum NodeStatus {
    OK, FAILED, CANCELLED, TRUNCATED;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
