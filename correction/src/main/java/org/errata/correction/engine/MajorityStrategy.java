package org.errata.correction.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Attempt;

/**
 * Majority vote (maj@N, METHODS.md A6): N candidates, answers clustered by the grader's
 * equivalence, the largest cluster wins (ties: the cluster whose first member has the lowest
 * sample index). With {@code weightedVote}, each candidate is self-verified and clusters sum
 * their scores instead of counting.
 */
public record MajorityStrategy(Params params) implements Strategy {

    @Override public String id() { return "majority"; }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(StrategyParams.SAMPLES.withHelp("Candidates sampled and voted on by final answer."),
            Knob.bool("weighted_vote", false, "Weight each vote by the model's own p(yes) that the candidate is right."));

    /** Majority vote's knobs: {@code samples}, {@code weighted_vote}. */
    public record Params(int samples, boolean weightedVote) implements StrategyParams {
        public Params {
            if (samples < 1) throw new IllegalArgumentException("samples must be >= 1: " + samples);
        }

        public static Params of(KnobValues v) {
            return new Params(v.integer("samples"), v.bool("weighted_vote"));
        }

        @Override
        public java.util.Map<String, Object> values() {
            return java.util.Map.of("samples", samples, "weighted_vote", weightedVote);
        }
    }

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public List<String> allTemplates() { return List.of(Moves.SOLVE, Moves.VERIFY); }
    @Override public List<String> templates() {
        return params.weightedVote() ? List.of(Moves.SOLVE, Moves.VERIFY) : List.of(Moves.SOLVE);
    }

    private record Cluster(Attempt first, List<Attempt> members, double[] weight) {}

    @Override
    public LoopOutcome solve(ProblemSession session) {
        List<Attempt> candidates = Moves.candidates(session, params.samples());
        List<Cluster> clusters = new ArrayList<>();
        for (Attempt c : candidates) {
            double w = params.weightedVote() ? Moves.selfScore(session, c) : 1;
            if (c.finalAnswer() == null) continue;
            Cluster home = null;
            for (Cluster k : clusters) {
                if (session.sameAnswer(k.first().finalAnswer(), c.finalAnswer())) {
                    home = k;
                    break;
                }
            }
            if (home == null) {
                home = new Cluster(c, new ArrayList<>(), new double[1]);
                clusters.add(home);
            }
            home.members().add(c);
            home.weight()[0] += w;
        }
        Cluster win = null;
        StringBuilder detail = new StringBuilder("clusters:");
        for (Cluster k : clusters) {
            detail.append(String.format(Locale.ROOT, " [%s: %d, %.4f]", k.first().finalAnswer(), k.members().size(), k.weight()[0]));
            if (win == null || k.weight()[0] > win.weight()[0]) win = k;
        }
        session.aggregate(session.newNode(), null, params.weightedVote() ? AggregateKind.WEIGHTED_VOTE : AggregateKind.VOTE,
                candidates.stream().map(Attempt::id).toList(), win == null ? null : win.first().finalAnswer(),
                win == null ? null : win.first().id(), detail.toString());
        return session.stopped("vote over " + candidates.size());
    }
}
