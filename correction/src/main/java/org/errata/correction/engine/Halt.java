package org.errata.correction.engine;

/**
 * Unwinds a strategy's state machine once its problem cannot go on (budget spent, run
 * cancelled, a call failed). Internal to the engine: {@link ProblemSession#run} turns it back
 * into the {@link LoopOutcome} value it carries, so callers only ever see values.
 */
final class Halt extends RuntimeException {

    private final transient LoopOutcome outcome;

    Halt(LoopOutcome outcome) {
        super(outcome.toString(), null, false, false);
        this.outcome = outcome;
    }

    LoopOutcome outcome() {
        return outcome;
    }
}
