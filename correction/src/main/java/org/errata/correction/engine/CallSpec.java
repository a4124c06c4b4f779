package org.errata.correction.engine;

import java.util.List;
import java.util.Objects;
import org.errata.correction.trace.NodeId;
import org.errata.runtime.api.Prompt;
import org.jspecify.annotations.Nullable;

/**
 * One model call as a strategy asks for it: who answers, the prompt, one node id per sample
 * (the nodes the samples will become; {@code nodes.size()} is n), the node they hang under,
 * their kind and label for live views, an optional {@link StreamCut} (n = 1 only) and whether
 * log-probabilities are wanted; {@code maxTokens} > 0 replaces the per-call token cap for a call
 * that holds several turns (a single-pass stream), still bounded by the per-problem budget;
 * {@code temperature}, when set, replaces the run's sampling temperature for this call alone
 * (GSR's refine temperature), the rest of the sampler unchanged.
 */
public record CallSpec(
        ModelRole role,
        Prompt prompt,
        List<NodeId> nodes,
        @Nullable NodeId parent,
        String kind,
        String label,
        @Nullable StreamCut cut,
        int topLogprobs,
        int maxTokens,
        @Nullable Double temperature) {

    public CallSpec {
        Objects.requireNonNull(role);
        Objects.requireNonNull(prompt);
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) throw new IllegalArgumentException("a call needs at least one node");
        if (cut != null && nodes.size() != 1) throw new IllegalArgumentException("a stream cut needs n = 1");
        if (temperature != null && !(temperature >= 0)) throw new IllegalArgumentException("temperature must be >= 0: " + temperature);
    }

    public static CallSpec of(ModelRole role, Prompt prompt, NodeId node, @Nullable NodeId parent, String kind, String label) {
        return new CallSpec(role, prompt, List.of(node), parent, kind, label, null, -1, 0, null);
    }

    public CallSpec withCut(@Nullable StreamCut c) { return new CallSpec(role, prompt, nodes, parent, kind, label, c, topLogprobs, maxTokens, temperature); }
    public CallSpec withTopLogprobs(int k) { return new CallSpec(role, prompt, nodes, parent, kind, label, cut, k, maxTokens, temperature); }
    public CallSpec withMaxTokens(int m) { return new CallSpec(role, prompt, nodes, parent, kind, label, cut, topLogprobs, m, temperature); }
    public CallSpec withTemperature(@Nullable Double t) { return new CallSpec(role, prompt, nodes, parent, kind, label, cut, topLogprobs, maxTokens, t); }
    public CallSpec withPrompt(Prompt p) { return new CallSpec(role, p, nodes, parent, kind, label, cut, topLogprobs, maxTokens, temperature); }
}
