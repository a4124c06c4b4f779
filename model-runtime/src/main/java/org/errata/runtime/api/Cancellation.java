package org.errata.runtime.api;

import java.util.concurrent.atomic.AtomicBoolean;

/** A flag a caller raises to stop generation; backends check it between tokens. */
public final class Cancellation {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
