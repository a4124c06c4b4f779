package org.errata.correction.trace;

public enum RunStatus {
    /** Created, nothing decoded yet. */
    PENDING,
    /** Being decoded (or killed while it was: then resumable). */
    RUNNING,
    /** Stopped by the user; resumable. */
    STOPPED,
    /** Every problem has a finished tree. */
    FINISHED,
    /** Pre-recorded: imported from outside, never decoded by Errata. */
    IMPORTED
}
