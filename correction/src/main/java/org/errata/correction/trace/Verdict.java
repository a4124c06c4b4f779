package org.errata.correction.trace;

/** A verifier's verdict on an attempt. {@code UNPARSED}: the verifier's text said nothing readable. */
public enum Verdict {
    CORRECT, INCORRECT, UNPARSED;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Verdict fromWire(String s) { return valueOf(s.toUpperCase(java.util.Locale.ROOT)); }
}
