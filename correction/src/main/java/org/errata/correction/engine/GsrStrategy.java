package org.errata.correction.engine;

import java.util.List;
import java.util.Map;
import org.errata.correction.engine.Generation.Sample;
import org.errata.correction.grading.ExtractedAnswer;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.AggregateKind;
import org.errata.correction.trace.AttemptRole;
import org.errata.correction.trace.NodeId;

/**
 * GSR (METHODS.md A5): N candidates from one call, then one refinement call over all of them.
 * Tree: candidates (roots), an Aggregate(REFINE) over them, and the refined attempt under it;
 * the aggregate is emitted just before the refined attempt it names as chosen.
 */
public record GsrStrategy(Params params) implements Strategy {

    static final String REFINE = "gsr.refine";

    @Override public String id() { return "gsr"; }
    /** The knobs this strategy reads, with its defaults; nothing else is recorded for it. */
    public static final List<Knob> KNOBS = List.of(StrategyParams.SAMPLES.withHelp("Candidate solutions sampled before the refine call."));

    /** GSR's knobs: {@code samples}. */
    public record Params(int samples) implements StrategyParams {
        public Params {
            if (samples < 1) throw new IllegalArgumentException("samples must be >= 1: " + samples);
        }

        public static Params of(KnobValues v) {
            return new Params(v.integer("samples"));
        }

        @Override
        public Map<String, Object> values() {
            return Map.of("samples", samples);
        }
    }

    @Override public List<Knob> knobs() { return KNOBS; }
    @Override public List<String> templates() { return List.of(Moves.SOLVE, REFINE); }

    @Override
    public LoopOutcome solve(ProblemSession session) {
        List<Attempt> candidates = Moves.candidates(session, params.samples());
        StringBuilder listed = new StringBuilder();
        for (int i = 0; i < candidates.size(); i++) {
            listed.append("Candidate solution ").append(i + 1).append(":\n").append(candidates.get(i).text()).append("\n\n");
        }
        NodeId aggregateId = session.newNode();
        NodeId refinedId = session.newNode();
        Generation g = session.generate(CallSpec.of(ModelRole.STUDENT, Moves.user(session.render(REFINE,
                Map.of("problem", session.problem().text(), "candidates", listed.toString().strip()))),
                refinedId, aggregateId, "attempt", "refined"));
        Sample s = g.first();
        String answer = session.extract(s.text()).map(ExtractedAnswer::answer).orElse(null);
        session.aggregate(aggregateId, null, AggregateKind.REFINE, candidates.stream().map(Attempt::id).toList(),
                answer, refinedId, "refined over " + candidates.size() + " candidates");
        session.attempt(refinedId, aggregateId, 2, AttemptRole.REFINER, g, s);
        session.check(s);
        return session.stopped("refined");
    }
}
