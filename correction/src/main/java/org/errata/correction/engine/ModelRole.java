package org.errata.correction.engine;

import java.util.Locale;

/** The part a model plays in a strategy. Roles without a model of their own fall back to the student. */
public enum ModelRole {
    STUDENT, TEACHER, INSPECTOR, CRITIC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
