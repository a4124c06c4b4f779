package org.errata.correction.engine;

import java.util.List;
import java.util.Locale;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.Attempt;

/**
 * Best-of-N (METHODS.md A6): N candidates, each scored by self-verification (p(yes) when the
 * backend gives log-probabilities, else the verdict), the highest score wins (ties: lowest
 * sample index).
 */
public record BestOfNStrategy(Params params) implements Strategy {

    @Override public String id() { return "best-of-n"; }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(StrategyParams.SAMPLES.withHelp("Candidates sampled; the one the model verifies with the highest p(yes) wins."));

    /** Best-of-N's knob: {@code samples}. */
    public record Params(int samples) implements StrategyParams {
        public Params {
            if (samples < 1) throw new IllegalArgumentException("samples must be >= 1: " + samples);
        }

        public static Params of(KnobValues v) {
            return new Params(v.integer("samples"));
        }

        @Override
        public java.util.Map<String, Object> values() {
            return java.util.Map.of("samples", samples);
        }
    }

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public List<String> templates() { return List.of(Moves.SOLVE, Moves.VERIFY); }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        List<Attempt> candidates = Moves.candidates(session, params.samples());
        Attempt best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        StringBuilder detail = new StringBuilder("scores:");
        for (Attempt c : candidates) {
            double score = Moves.selfScore(session, c);
            detail.append(String.format(Locale.ROOT, " %.4f", score));
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        session.aggregate(session.newNode(), null, AggregateKind.BEST_OF_N, candidates.stream().map(Attempt::id).toList(),
                best == null ? null : best.finalAnswer(), best == null ? null : best.id(), detail.toString());
        return session.stopped("best of " + candidates.size());
    }
}
