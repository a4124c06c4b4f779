package org.errata.persistence.io;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;

/**
 * What makes an imported trace tree whole: unique node ids, every parent present in the same
 * tree, no node its own parent or ancestor, and every step's span inside its attempt's text
 * (a span past the text would break every view that slices it).
 */
final class TreeCheck {
    private TreeCheck() {}

    /** The first thing wrong with {@code t}, if any. */
    static Optional<String> problem(Trace t) {
        Map<NodeId, TraceNode> byId = new HashMap<>();
        for (TraceNode n : t.nodes()) {
            if (byId.putIfAbsent(n.id(), n) != null) return Optional.of("node id " + n.id() + " appears twice");
        }
        for (TraceNode n : t.nodes()) {
            NodeId parent = n.parent();
            if (parent == null) continue;
            if (parent.equals(n.id())) return Optional.of(n.nodeKind() + " " + n.id() + " is its own parent");
            TraceNode p = byId.get(parent);
            if (p == null) return Optional.of(n.nodeKind() + " " + n.id() + " has parent " + parent + ", which is not in this trace");
            if (n instanceof Step s) {
                if (!(p instanceof Attempt a)) return Optional.of("step " + s.id() + " hangs under a " + p.nodeKind() + ", not an attempt");
                if (s.start() < 0 || s.end() < s.start() || s.end() > a.text().length()) {
                    return Optional.of("step " + s.id() + " spans " + s.start() + ".." + s.end() + ", past its attempt's "
                            + a.text().length() + " characters");
                }
            }
        }
        for (TraceNode n : t.nodes()) {
            Set<NodeId> seen = new HashSet<>();
            for (TraceNode at = n; at.parent() != null; at = byId.get(at.parent())) {
                if (!seen.add(at.id())) return Optional.of("node " + n.id() + " is its own ancestor");
            }
        }
        return Optional.empty();
    }
}
