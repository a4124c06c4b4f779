package org.errata.correction.trace;

public enum VerifierRole {
    SELF, CRITIC, TEACHER, INSPECTOR, PRM, ORACLE;

    public String wireName() { return name().toLowerCase(java.util.Locale.ROOT); }
}
