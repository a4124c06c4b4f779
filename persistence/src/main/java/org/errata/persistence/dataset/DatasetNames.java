package org.errata.persistence.dataset;

import org.errata.persistence.db.PersistenceException;

/**
 * Dataset names. A problem's id is {@code dataset/key} and keys may contain {@code /} (MATH's
 * {@code test/prealgebra/1.json}), so a dataset name may not: otherwise dataset {@code d/x} key
 * {@code 1} and dataset {@code d} key {@code x/1} would share one id.
 */
public final class DatasetNames {
    private DatasetNames() {}

    /** Refuses a blank name, a name with {@code /}, or one with control characters. */
    public static void check(String name) throws PersistenceException {
        if (name.isBlank()) throw new PersistenceException("a dataset name may not be blank");
        if (name.indexOf('/') >= 0) {
            throw new PersistenceException("dataset name '" + name + "' may not contain '/' (problem ids are dataset/key)");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new PersistenceException("dataset name may not contain control characters");
        }
    }
}
