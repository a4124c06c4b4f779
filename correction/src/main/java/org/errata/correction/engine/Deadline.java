package org.errata.correction.engine;

import java.time.Duration;

/** A wall-clock limit measured on {@link System#nanoTime()}; {@link #NONE} never passes. */
record Deadline(long atNanos, boolean set) {

    static final Deadline NONE = new Deadline(0, false);

    static Deadline after(Duration d) {
        return d.isZero() ? NONE : new Deadline(System.nanoTime() + d.toNanos(), true);
    }

    boolean passed() {
        return set && System.nanoTime() - atNanos >= 0;
    }
}
