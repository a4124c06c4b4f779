package org.errata.correction.trace;

public enum AttemptRole {
    PROPOSER, STUDENT, CANDIDATE, ACTOR, REFINER, IMPORTED;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
