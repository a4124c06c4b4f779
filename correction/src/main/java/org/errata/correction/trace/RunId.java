package org.errata.correction.trace;

public record RunId(String value) {
    public RunId { Ids.check(value, "run id"); }
    public static RunId random() { return new RunId(Ids.newId()); }
    @Override public String toString() { return value; }
}
