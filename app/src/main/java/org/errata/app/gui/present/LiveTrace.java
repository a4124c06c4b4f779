package org.errata.app.gui.present;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errata.app.export.TraceCard;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.jspecify.annotations.Nullable;

/**
 * Folds a live run's events (a batch per frame) into a card: finished nodes as their blocks,
 * and the node still streaming as a last block with its text so far. No toolkit.
 */
public final class LiveTrace {
    private final String problemText;
    private final List<TraceNode> nodes = new ArrayList<>();
    private final Map<NodeId, StringBuilder> streaming = new LinkedHashMap<>();
    private final Map<NodeId, String> labels = new LinkedHashMap<>();
    private @Nullable RunId run;
    private @Nullable ProblemId problem;
    private @Nullable String finalAnswer;
    private @Nullable Boolean correct;
    private String state = "starting";

    public LiveTrace(String problemText) {
        this.problemText = problemText;
    }

    public void apply(List<LoopEvent> batch) {
        for (LoopEvent e : batch) {
            switch (e) {
                case LoopEvent.RunStarted s -> { run = s.run(); state = "running"; }
                case LoopEvent.TraceStarted s -> problem = s.problem();
                case LoopEvent.NodeStarted s -> {
                    streaming.put(s.node(), new StringBuilder());
                    labels.put(s.node(), s.label());
                }
                case LoopEvent.TokenDelta d -> streaming.computeIfAbsent(d.node(), k -> new StringBuilder()).append(d.text());
                case LoopEvent.NodeAdded a -> {
                    nodes.add(a.node());
                    streaming.remove(a.node().id());
                }
                case LoopEvent.TraceFinished f -> {
                    finalAnswer = f.finalAnswer();
                    correct = f.correct();
                }
                case LoopEvent.RunEnded r -> state = r.outcome().name().toLowerCase(java.util.Locale.ROOT)
                        + (r.message() == null ? "" : ": " + r.message());
            }
        }
    }

    public String state() { return state; }

    public TraceCard card() {
        RunId r = run != null ? run : new RunId("live");
        ProblemId p = problem != null ? problem : new ProblemId("live/typed");
        Trace t = new Trace(r, p, TraceStatus.RUNNING, finalAnswer, correct, nodes);
        TraceCard base = TraceCard.of(t, Problem.of("live", "typed", problemText, null), null);
        List<TraceCard.Block> blocks = new ArrayList<>(base.blocks());
        // The outcome block only once the run has ended.
        if (state.equals("running") || state.equals("starting")) blocks.remove(blocks.size() - 1);
        for (var s : streaming.entrySet()) {
            if (s.getValue().isEmpty()) continue;
            blocks.add(new TraceCard.Block(TraceCard.Kind.STEP, labels.getOrDefault(s.getKey(), "generating") + " …",
                    s.getValue().toString(), false, null));
        }
        return new TraceCard("Live", state, problemText, blocks);
    }
}
