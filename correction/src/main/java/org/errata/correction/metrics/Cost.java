package org.errata.correction.metrics;

import java.util.List;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/**
 * Cost (METHODS.md C): tokens = uncached prompt tokens + completion tokens summed over every
 * model call (attempts and verifications); latency on the critical path, where parallel
 * candidates count as their maximum; a call is a node with non-empty call stats, except the later
 * pieces of a single-pass stream, which carry their share of one call's output but no prompt of
 * their own (tokens in 0, tokens out above 0).
 */
public record Cost(
        int problems,
        int solved,
        long tokens,
        long completionTokens,
        long latencyMs,
        long calls,
        @Nullable Double tokensPerProblem,
        @Nullable Double completionTokensPerProblem,
        @Nullable Double tokensPerSolved,
        @Nullable Double latencyPerSolvedMs,
        @Nullable Double callsPerProblem) {

    public static Cost of(List<Trace> traces) {
        long tokens = 0, completion = 0, latency = 0, calls = 0;
        int solved = 0;
        for (Trace t : traces) {
            long parallelMax = 0;
            for (TraceNode n : t.nodes()) {
                CallStats s = switch (n) {
                    case Attempt a -> a.stats();
                    case Verification v -> v.stats();
                    default -> CallStats.NONE;
                };
                if (!s.isCall()) continue;
                boolean shareOfAStream = s.tokensIn() == 0 && s.tokensOut() > 0;
                if (!shareOfAStream) calls++;
                tokens += Math.max(0, s.tokensIn() - s.cachedTokensIn()) + s.tokensOut();
                completion += s.tokensOut();
                if (n instanceof Attempt a && a.role() == AttemptRole.CANDIDATE) parallelMax = Math.max(parallelMax, s.latencyMs());
                else latency += s.latencyMs();
            }
            latency += parallelMax;
            if (TraceView.finalCorrect(t)) solved++;
        }
        int p = traces.size();
        return new Cost(p, solved, tokens, completion, latency, calls,
                Fractions.ratio(tokens, p), Fractions.ratio(completion, p),
                Fractions.ratio(tokens, solved), Fractions.ratio(latency, solved), Fractions.ratio(calls, p));
    }
}
