package org.errata.correction.engine;

/**
 * Receives a run's events on the engine's threads. Implementations must not block for long;
 * a listener that throws does not stop the run (the engine logs and carries on).
 */
@FunctionalInterface
public interface LoopListener {

    void on(LoopEvent event);

    static LoopListener all(LoopListener... listeners) {
        return event -> {
            for (LoopListener l : listeners) l.on(event);
        };
    }
}
