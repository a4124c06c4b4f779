package org.errata.correction.trace;

public record NodeId(String value) {
    public NodeId { Ids.check(value, "node id"); }
    public static NodeId random() { return new NodeId(Ids.newId()); }
    @Override public String toString() { return value; }
}
