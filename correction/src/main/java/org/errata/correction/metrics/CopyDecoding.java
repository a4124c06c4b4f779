package org.errata.correction.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.CallStats;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/**
 * Speculative copy decoding (CopySpec) per turn: the share of drafted tokens the model accepted,
 * and decode tokens/s (completion tokens after the first over decode time), over the calls of
 * each turn. A verification counts in its attempt's turn. Index 0 is turn 1; null where a turn
 * had no drafts (acceptance) or no decode time (speed), e.g. a backend that does not report them.
 */
public record CopyDecoding(
        int drafted,
        int accepted,
        @Nullable Double acceptance,
        List<@Nullable Double> acceptanceByTurn,
        List<@Nullable Double> decodeTokensPerSecondByTurn) {

    public CopyDecoding {
        acceptanceByTurn = java.util.Collections.unmodifiableList(new ArrayList<>(acceptanceByTurn));
        decodeTokensPerSecondByTurn = java.util.Collections.unmodifiableList(new ArrayList<>(decodeTokensPerSecondByTurn));
    }

    public static CopyDecoding of(List<Trace> traces) {
        List<long[]> turns = new ArrayList<>(); // drafted, accepted, decoded tokens, decode ms
        for (Trace t : traces) {
            Map<NodeId, Integer> turnOf = new HashMap<>();
            for (TraceNode n : t.nodes()) {
                if (n instanceof Attempt a) turnOf.put(a.id(), a.turn());
            }
            for (TraceNode n : t.nodes()) {
                int turn;
                CallStats s;
                if (n instanceof Attempt a) {
                    turn = a.turn();
                    s = a.stats();
                } else if (n instanceof Verification v) {
                    turn = turnOf.getOrDefault(v.parent(), 1);
                    s = v.stats();
                } else {
                    continue;
                }
                if (!s.isCall()) continue;
                while (turns.size() < turn) turns.add(new long[4]);
                long[] f = turns.get(turn - 1);
                f[0] += s.copying().drafted();
                f[1] += s.copying().accepted();
                if (s.decodeMs() > 0 && s.tokensOut() > 1) {
                    f[2] += s.tokensOut() - 1;
                    f[3] += s.decodeMs();
                }
            }
        }
        List<@Nullable Double> acceptance = new ArrayList<>();
        List<@Nullable Double> speed = new ArrayList<>();
        int drafted = 0, accepted = 0;
        for (long[] f : turns) {
            drafted += (int) f[0];
            accepted += (int) f[1];
            acceptance.add(f[0] == 0 ? null : (double) f[1] / f[0]);
            speed.add(f[3] == 0 ? null : f[2] * 1000.0 / f[3]);
        }
        return new CopyDecoding(drafted, accepted, drafted == 0 ? null : (double) accepted / drafted, acceptance, speed);
    }
}
