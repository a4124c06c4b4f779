package org.errata.app.services.sample;

import java.util.List;
import java.util.Map;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/** Gives a recorded node fresh ids (its own and every id it refers to), so a replay can be stored beside the original. */
final class NodeIds {
    private NodeIds() {}

    static TraceNode prefixed(TraceNode n, String prefix) {
        return switch (n) {
            case Attempt a -> new Attempt(id(a.id(), prefix), opt(a.parent(), prefix), a.seq(), a.turn(), a.role(), a.model(),
                    a.prompt(), a.text(), a.finalAnswer(), a.extractedBy(), a.correct(), a.checkerVerdicts(), a.stats(), a.status(), a.error(),
                    a.logprobs());
            case Step s -> new Step(id(s.id(), prefix), id(s.parent(), prefix), s.seq(), s.index(), s.start(), s.end(),
                    s.segmenter());
            case Verification v -> new Verification(id(v.id(), prefix), id(v.parent(), prefix), v.seq(), v.role(), v.model(),
                    v.prompt(), v.rawText(), v.verdict(), v.parser(), v.pYes(), v.stepScores(), v.predictedFirstError(),
                    v.iteration(), v.stats(), v.status(), v.error());
            case ErrorLocation e -> new ErrorLocation(id(e.id(), prefix), id(e.parent(), prefix), e.seq(), e.stepIndex(),
                    e.analysis(), e.errorType());
            case Correction c -> new Correction(id(c.id(), prefix), id(c.parent(), prefix), c.seq(), c.guidance(),
                    c.correctedText(), c.producedBy());
            case Aggregate g -> new Aggregate(id(g.id(), prefix), opt(g.parent(), prefix), g.seq(), g.kind(),
                    g.inputs().stream().map(i -> id(i, prefix)).toList(), g.answer(), opt(g.chosen(), prefix), g.correct(),
                    g.checkerVerdicts(), g.detail());
            case HumanLabel h -> new HumanLabel(id(h.id(), prefix), id(h.parent(), prefix), h.seq(), h.annotator(),
                    h.segmenter(), h.firstErrorStep(), List.copyOf(h.stepRatings()), h.errorType(), h.confidence(),
                    h.badProblem(), h.note(), h.timeMs(), h.createdAt(), h.source());
        };
    }

    private static NodeId id(NodeId id, String prefix) {
        return new NodeId(prefix + id.value());
    }

    private static @Nullable NodeId opt(@Nullable NodeId id, String prefix) {
        return id == null ? null : id(id, prefix);
    }
}
