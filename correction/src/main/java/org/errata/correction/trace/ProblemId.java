package org.errata.correction.trace;

/** A problem's id, unique across datasets: {@code dataset/key}. */
public record ProblemId(String value) {
    public ProblemId { Ids.check(value, "problem id"); }
    public static ProblemId of(String dataset, String key) { return new ProblemId(dataset + "/" + key); }
    @Override public String toString() { return value; }
}
