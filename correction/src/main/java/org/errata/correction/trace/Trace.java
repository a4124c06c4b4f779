package org.errata.correction.trace;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The tree of one (run, problem): its nodes in emission order. {@code finalAnswer} and
 * {@code correct} are the strategy's outcome (the last attempt's or the aggregate's answer).
 */
public record Trace(
        RunId run,
        ProblemId problem,
        TraceStatus status,
        @Nullable String finalAnswer,
        @Nullable Boolean correct,
        List<TraceNode> nodes) {

    public Trace {
        nodes = List.copyOf(nodes);
    }

    public <T extends TraceNode> Stream<T> nodes(Class<T> type) {
        return nodes.stream().filter(type::isInstance).map(type::cast);
    }

    public List<Attempt> attempts() {
        return nodes(Attempt.class).toList();
    }

    public List<TraceNode> children(NodeId parent) {
        return nodes.stream().filter(n -> parent.equals(n.parent())).toList();
    }

    public Optional<TraceNode> node(NodeId id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }
}
