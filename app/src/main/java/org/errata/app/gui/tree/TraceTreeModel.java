package org.errata.app.gui.tree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.errata.correction.trace.Aggregate;
import org.errata.correction.trace.Attempt;
import org.errata.correction.trace.Correction;
import org.errata.correction.trace.ErrorLocation;
import org.errata.correction.trace.HumanLabel;
import org.errata.correction.trace.NodeId;
import org.errata.correction.trace.NodeStatus;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.errata.correction.trace.Step;
import org.errata.correction.trace.Trace;
import org.errata.correction.trace.TraceNode;
import org.errata.correction.trace.TraceStatus;
import org.errata.correction.trace.Verification;
import org.jspecify.annotations.Nullable;

/**
 * The tree of one (run, problem), built from a whole {@link Trace} or grown node by node while
 * a run streams. Attempts and aggregates hang under the problem in emission order; steps,
 * verifications and human labels under their attempt; error locations under their
 * verification; corrections under their location. The located wrong step and a human's first
 * error carry badges. UI-thread only; no toolkit needed.
 */
public final class TraceTreeModel {
    private static final int PREVIEW = 90;

    private final RunId run;
    private final ProblemId problem;
    private final @Nullable Problem problemRecord;
    private final boolean usesGold;
    private final TraceNodeItem root;
    private final Map<String, TraceNodeItem> items = new HashMap<>();
    private final List<TraceNode> nodes = new ArrayList<>();
    private final List<TraceNodeItem> streaming = new ArrayList<>();
    private final javafx.beans.property.ObjectProperty<@Nullable TraceNodeItem> streamingNow =
            new javafx.beans.property.SimpleObjectProperty<>(this, "streamingNow");
    private TraceStatus status = TraceStatus.RUNNING;
    private @Nullable Boolean correct;
    private @Nullable String finalAnswer;

    public TraceTreeModel(RunId run, ProblemId problem, @Nullable Problem problemRecord, boolean usesGold) {
        this.run = run;
        this.problem = problem;
        this.problemRecord = problemRecord;
        this.usesGold = usesGold;
        this.root = new TraceNodeItem("problem:" + problem.value(), TraceNodeItem.Kind.PROBLEM, null);
        root.titleProperty().set(problem.value());
        root.previewProperty().set(problemRecord == null ? "" : oneLine(problemRecord.text()));
        root.setBadge(Badge.USES_GOLD, usesGold);
        root.expandedProperty().set(true);
    }

    /** The tree of a finished trace, collapsed to its first error. */
    public static TraceTreeModel of(Trace trace, @Nullable Problem problem, boolean usesGold) {
        TraceTreeModel m = new TraceTreeModel(trace.run(), trace.problem(), problem, usesGold);
        for (TraceNode n : trace.nodes()) m.add(n);
        m.finish(trace.status(), trace.finalAnswer(), trace.correct());
        m.collapseToFirstError();
        return m;
    }

    public RunId run() { return run; }
    public ProblemId problem() { return problem; }
    public @Nullable Problem problemRecord() { return problemRecord; }
    public boolean usesGold() { return usesGold; }
    public TraceNodeItem root() { return root; }
    public TraceStatus status() { return status; }

    /** The node that started streaming last (null before any): live views follow it. */
    public javafx.beans.property.ReadOnlyObjectProperty<@Nullable TraceNodeItem> streamingNowProperty() {
        return streamingNow;
    }

    /** The final nodes received so far, in emission order. */
    public List<TraceNode> nodes() { return List.copyOf(nodes); }

    /** The trace as received so far. */
    public Trace snapshot() {
        return new Trace(run, problem, status, finalAnswer, correct, nodes);
    }

    public Optional<TraceNodeItem> item(NodeId id) {
        return Optional.ofNullable(items.get(id.value()));
    }

    /** A node is about to stream: shows a placeholder that grows with {@link #append}. */
    public TraceNodeItem start(NodeId id, @Nullable NodeId parent, String kind, String label) {
        TraceNodeItem.Kind k = "verification".equals(kind) ? TraceNodeItem.Kind.VERIFICATION : TraceNodeItem.Kind.ATTEMPT;
        TraceNodeItem item = place(id, parent, k);
        item.titleProperty().set(label);
        item.setBadge(Badge.STREAMING, true);
        streaming.add(item);
        // A live tree opens the node being decoded and its parents, so the stream is visible.
        for (TraceNodeItem p = item; p != null; p = p.parent()) p.expandedProperty().set(true);
        streamingNow.set(item);
        return item;
    }

    /** Queues streamed text for a started node; {@link #commitText()} publishes it. */
    public void append(NodeId id, String text) {
        TraceNodeItem item = items.get(id.value());
        if (item != null) item.appendPending(text);
    }

    /** Publishes all text appended since the last call; returns how many nodes changed. */
    public int commitText() {
        int changed = 0;
        for (TraceNodeItem i : streaming) if (i.commitPending()) changed++;
        return changed;
    }

    /** Adds a final node, replacing its streaming placeholder if there is one. */
    public TraceNodeItem add(TraceNode n) {
        nodes.add(n);
        TraceNodeItem item = place(n.id(), n.parent(), kindOf(n));
        if (streaming.remove(item)) {
            item.setBadge(Badge.STREAMING, false);
            item.clearStreamed();
        }
        item.nodeProperty().set(n);
        describe(item, n);
        switch (n) {
            case ErrorLocation e -> badgeStep(attemptOf(e), e.stepIndex(), Badge.FIRST_ERROR);
            case HumanLabel h when h.firstErrorStep() >= 0 -> badgeStep(item(h.parent()), h.firstErrorStep(), Badge.HUMAN_FIRST_ERROR);
            // a verifier that names the step without an error-location node (Self-Refine's feedback, the critic)
            case Verification v when v.predictedFirstError() != null && v.predictedFirstError() >= 0 && v.status() == NodeStatus.OK ->
                    badgeStep(item(v.parent()), v.predictedFirstError(), Badge.FIRST_ERROR);
            default -> { }
        }
        return item;
    }

    /** The tree is complete: sets the outcome badge on the root. */
    public void finish(TraceStatus s, @Nullable String answer, @Nullable Boolean isCorrect) {
        this.status = s;
        this.finalAnswer = answer;
        this.correct = isCorrect;
        root.setBadge(Badge.ANSWER_RIGHT, Boolean.TRUE.equals(isCorrect));
        root.setBadge(Badge.ANSWER_WRONG, Boolean.FALSE.equals(isCorrect));
        root.setBadge(Badge.FAILED, s == TraceStatus.FAILED);
        String p = problem.value();
        root.titleProperty().set(answer == null ? p : p + "  \u2192 " + answer);
    }

    /**
     * Collapses everything but the path to the first error: the first located wrong step, else
     * the first incorrect verdict, else the first answer wrong against gold. Returns the row to
     * select (the root when the trace has no error).
     */
    public TraceNodeItem collapseToFirstError() {
        collapseAll(root);
        root.expandedProperty().set(true);
        TraceNodeItem target = firstError().orElse(root);
        for (TraceNodeItem p = target.parent(); p != null; p = p.parent()) p.expandedProperty().set(true);
        return target;
    }

    /** The row of the first error, as {@link #collapseToFirstError()} defines it. */
    public Optional<TraceNodeItem> firstError() {
        for (TraceNode n : nodes) {
            if (n instanceof ErrorLocation e) {
                Optional<TraceNodeItem> step = attemptOf(e).flatMap(a -> stepOf(a, e.stepIndex()));
                return step.isPresent() ? step : item(e.id());
            }
        }
        for (TraceNode n : nodes) {
            if (n instanceof Verification v && v.verdict() == org.errata.correction.trace.Verdict.INCORRECT) {
                return item(v.id());
            }
        }
        for (TraceNode n : nodes) {
            if (n instanceof Attempt a && Boolean.FALSE.equals(a.correct())) return item(a.id());
        }
        return Optional.empty();
    }

    private static void collapseAll(TraceNodeItem item) {
        item.expandedProperty().set(false);
        for (TraceNodeItem c : item.children()) collapseAll(c);
    }

    private Optional<TraceNodeItem> attemptOf(ErrorLocation e) {
        return item(e.parent()).map(TraceNodeItem::parent)
                .filter(a -> a.kind() == TraceNodeItem.Kind.ATTEMPT);
    }

    /** Puts {@code badge} on the attempt's step {@code index} (0-based), when both are in the tree. */
    private static void badgeStep(Optional<TraceNodeItem> attempt, int index, Badge badge) {
        attempt.flatMap(a -> stepOf(a, index)).ifPresent(s -> s.setBadge(badge, true));
    }

    private static Optional<TraceNodeItem> stepOf(TraceNodeItem attempt, int index) {
        for (TraceNodeItem c : attempt.children()) {
            if (c.node() instanceof Step s && s.index() == index) return Optional.of(c);
        }
        return Optional.empty();
    }

    private TraceNodeItem place(NodeId id, @Nullable NodeId parentId, TraceNodeItem.Kind kind) {
        TraceNodeItem existing = items.get(id.value());
        if (existing != null) return existing;
        TraceNodeItem parent = root;
        if (kind != TraceNodeItem.Kind.ATTEMPT && kind != TraceNodeItem.Kind.AGGREGATE && parentId != null) {
            parent = items.getOrDefault(parentId.value(), root);
        }
        TraceNodeItem item = new TraceNodeItem(id.value(), kind, parent);
        items.put(id.value(), item);
        parent.children().add(item);
        return item;
    }

    private static TraceNodeItem.Kind kindOf(TraceNode n) {
        return switch (n) {
            case Attempt a -> TraceNodeItem.Kind.ATTEMPT;
            case Step s -> TraceNodeItem.Kind.STEP;
            case Verification v -> TraceNodeItem.Kind.VERIFICATION;
            case ErrorLocation e -> TraceNodeItem.Kind.ERROR_LOCATION;
            case Correction c -> TraceNodeItem.Kind.CORRECTION;
            case Aggregate g -> TraceNodeItem.Kind.AGGREGATE;
            case HumanLabel h -> TraceNodeItem.Kind.HUMAN_LABEL;
        };
    }

    private void describe(TraceNodeItem item, TraceNode n) {
        switch (n) {
            case Attempt a -> {
                item.titleProperty().set("Attempt " + a.turn() + (a.finalAnswer() == null ? "" : "  \u2192 " + a.finalAnswer()));
                item.previewProperty().set(oneLine(a.text()));
                item.setBadge(Badge.ANSWER_RIGHT, Boolean.TRUE.equals(a.correct()));
                item.setBadge(Badge.ANSWER_WRONG, Boolean.FALSE.equals(a.correct()));
                item.setBadge(Badge.FAILED, a.status() != NodeStatus.OK);
                item.setBadge(Badge.USES_GOLD, usesGold);
            }
            case Step s -> {
                item.titleProperty().set("Step " + (s.index() + 1));
                TraceNode attempt = item.parent() == null ? null : item.parent().node();
                item.previewProperty().set(attempt instanceof Attempt a ? oneLine(s.text(a.text())) : "");
            }
            case Verification v -> {
                item.titleProperty().set("Verification (" + v.role().wireName() + ")"
                        + (v.pYes() == null ? "" : String.format(Locale.ROOT, "  p(yes) %.2f", v.pYes())));
                item.previewProperty().set(oneLine(v.rawText()));
                item.setBadge(Badge.VERDICT_CORRECT, v.verdict() == org.errata.correction.trace.Verdict.CORRECT);
                item.setBadge(Badge.VERDICT_INCORRECT, v.verdict() == org.errata.correction.trace.Verdict.INCORRECT);
                item.setBadge(Badge.VERDICT_UNPARSED, v.verdict() == org.errata.correction.trace.Verdict.UNPARSED);
                item.setBadge(Badge.FAILED, v.status() != NodeStatus.OK);
                item.setBadge(Badge.USES_GOLD, v.role() == org.errata.correction.trace.VerifierRole.ORACLE);
            }
            case ErrorLocation e -> {
                item.titleProperty().set("Error location: step " + (e.stepIndex() + 1)
                        + (e.errorType() == null ? "" : " (" + e.errorType() + ")"));
                item.previewProperty().set(oneLine(e.analysis()));
                item.setBadge(Badge.FIRST_ERROR, true);
            }
            case Correction c -> {
                // SuperCorrect's student analyses its own attempt without the reference: say so.
                item.titleProperty().set("student".equals(c.producedBy()) ? "Correction (student)" : "Correction");
                item.previewProperty().set(oneLine(c.guidance()));
            }
            case Aggregate g -> {
                item.titleProperty().set(g.kind().wireName() + " of " + g.inputs().size()
                        + (g.answer() == null ? "" : "  \u2192 " + g.answer()));
                item.previewProperty().set(oneLine(g.detail()));
                item.setBadge(Badge.ANSWER_RIGHT, Boolean.TRUE.equals(g.correct()));
                item.setBadge(Badge.ANSWER_WRONG, Boolean.FALSE.equals(g.correct()));
            }
            case HumanLabel h -> {
                item.titleProperty().set("Human label (" + h.annotator() + ")");
                item.previewProperty().set(h.verdictText() + (h.errorType() == null ? "" : " (" + h.errorType() + ")"));
                item.setBadge(Badge.HUMAN_FIRST_ERROR, h.firstErrorStep() >= 0);
            }
        }
    }

    static String oneLine(String text) {
        String s = text.replaceAll("\\s+", " ").strip();
        return s.length() <= PREVIEW ? s : s.substring(0, PREVIEW - 1) + "\u2026";
    }
}
