package org.errata.app.gui.live;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.errata.app.gui.task.FrameBatcher;
import org.errata.app.gui.tree.TraceTreeModel;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.engine.LoopListener;
import org.errata.correction.trace.Problem;
import org.errata.correction.trace.ProblemId;
import org.errata.correction.trace.RunId;
import org.jspecify.annotations.Nullable;

/**
 * Folds a run's {@link LoopEvent}s into trace trees and progress figures. {@link #on} may be
 * called from any thread: events are queued and applied in one batch per frame on the UI thread,
 * where all properties live. Token deltas of a batch become one text change per node.
 */
public final class LiveRunModel implements LoopListener {

    private final FrameBatcher<LoopEvent> batcher;
    private final LongSupplier nanoTime;
    private final Function<ProblemId, @Nullable Problem> problems;
    private final Map<ProblemId, TraceTreeModel> trees = new LinkedHashMap<>();

    private final ObjectProperty<RunState> state = new SimpleObjectProperty<>(this, "state", RunState.IDLE);
    private final ObjectProperty<@Nullable RunId> run = new SimpleObjectProperty<>(this, "run");
    private final ObjectProperty<org.errata.correction.trace.@Nullable Run> runRecord = new SimpleObjectProperty<>(this, "runRecord");
    private final ObjectProperty<@Nullable TraceTreeModel> current = new SimpleObjectProperty<>(this, "current");
    private final IntegerProperty total = new SimpleIntegerProperty(this, "total");
    private final IntegerProperty done = new SimpleIntegerProperty(this, "done");
    private final IntegerProperty graded = new SimpleIntegerProperty(this, "graded");
    private final IntegerProperty right = new SimpleIntegerProperty(this, "right");
    private final LongProperty tokens = new SimpleLongProperty(this, "tokens");
    private final IntegerProperty batches = new SimpleIntegerProperty(this, "batches");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private boolean usesGold;
    private long startedAt;

    /**
     * @param scheduler runs the per-frame flush on the UI thread
     * @param nanoTime  clock for rates and the ETA
     * @param problems  looks up a problem's record (may return null), called on the UI thread
     */
    public LiveRunModel(FrameBatcher.FrameScheduler scheduler, LongSupplier nanoTime,
                        Function<ProblemId, @Nullable Problem> problems) {
        this.batcher = new FrameBatcher<>(scheduler, this::apply);
        this.nanoTime = nanoTime;
        this.problems = problems;
    }

    /** Called on the UI thread before a run starts. */
    public void begin(int plannedProblems, boolean goldStrategy) {
        trees.clear();
        current.set(null);
        run.set(null);
        runRecord.set(null);
        total.set(plannedProblems);
        done.set(0);
        graded.set(0);
        right.set(0);
        tokens.set(0);
        message.set("");
        usesGold = goldStrategy;
        startedAt = nanoTime.getAsLong();
        state.set(RunState.RUNNING);
    }

    @Override
    public void on(LoopEvent event) {
        batcher.offer(event);
    }

    /** Applies queued events now (tests; the batcher calls this once per frame). */
    public void flush() {
        batcher.flush();
    }

    private void apply(List<LoopEvent> events) {
        batches.set(batches.get() + 1);
        long newTokens = 0;
        for (LoopEvent e : events) {
            switch (e) {
                case LoopEvent.RunStarted s -> {
                    run.set(s.run());
                    runRecord.set(s.record());
                    usesGold = usesGold || s.record().usesGold();
                }
                case LoopEvent.TraceStarted s -> {
                    TraceTreeModel m = new TraceTreeModel(s.run(), s.problem(), problems.apply(s.problem()), usesGold);
                    trees.put(s.problem(), m);
                    current.set(m);
                }
                case LoopEvent.NodeStarted n -> tree(n.run(), n.problem()).start(n.node(), n.parent(), n.kind(), n.label());
                case LoopEvent.TokenDelta d -> {
                    tree(d.run(), d.problem()).append(d.node(), d.text());
                    newTokens++;
                }
                case LoopEvent.NodeAdded a -> {
                    TraceTreeModel m = tree(a.run(), a.problem());
                    m.commitText();
                    m.add(a.node());
                }
                case LoopEvent.TraceFinished f -> {
                    TraceTreeModel m = tree(f.run(), f.problem());
                    m.commitText();
                    m.finish(f.status(), f.finalAnswer(), f.correct());
                    done.set(done.get() + 1);
                    if (f.correct() != null) {
                        graded.set(graded.get() + 1);
                        if (f.correct()) right.set(right.get() + 1);
                    }
                }
                case LoopEvent.RunEnded r -> {
                    state.set(switch (r.outcome()) {
                        case FINISHED -> RunState.FINISHED;
                        case CANCELLED -> RunState.STOPPED;
                        case FAILED -> RunState.FAILED;
                    });
                    message.set(r.message() == null ? "" : r.message());
                }
            }
        }
        for (TraceTreeModel m : trees.values()) m.commitText();
        tokens.set(tokens.get() + newTokens);
    }

    private TraceTreeModel tree(RunId r, ProblemId p) {
        return trees.computeIfAbsent(p, k -> {
            TraceTreeModel m = new TraceTreeModel(r, p, problems.apply(p), usesGold);
            current.set(m);
            return m;
        });
    }

    /** Marks the run as being stopped (the handle was cancelled; RunEnded will follow). */
    public void stopping() {
        if (state.get().active()) state.set(RunState.STOPPING);
    }

    /** The run could not start or failed outside the event stream. */
    public void failed(String why) {
        state.set(RunState.FAILED);
        message.set(why);
    }

    public ObjectProperty<RunState> stateProperty() { return state; }
    public ObjectProperty<@Nullable RunId> runProperty() { return run; }
    /** The full record of the live run, once it started. */
    public ObjectProperty<org.errata.correction.trace.@Nullable Run> runRecordProperty() { return runRecord; }
    /** The tree being decoded now (follows the run from problem to problem). */
    public ObjectProperty<@Nullable TraceTreeModel> currentProperty() { return current; }
    public IntegerProperty totalProperty() { return total; }
    public IntegerProperty doneProperty() { return done; }
    public IntegerProperty rightProperty() { return right; }
    public IntegerProperty gradedProperty() { return graded; }
    public LongProperty tokensProperty() { return tokens; }
    /** How many batches were applied: the number of UI updates the run cost. */
    public IntegerProperty batchesProperty() { return batches; }
    public StringProperty messageProperty() { return message; }

    public @Nullable TraceTreeModel tree(ProblemId p) { return trees.get(p); }

    /** Share of graded problems answered right so far; NaN before the first one. */
    public double accuracy() {
        return graded.get() == 0 ? Double.NaN : (double) right.get() / graded.get();
    }

    /** Streamed tokens per second since the run began. */
    public double tokensPerSecond() {
        double s = elapsedNanos() / 1e9;
        return s <= 0 ? 0 : tokens.get() / s;
    }

    /** Time left at the pace so far; null before the first problem finishes. */
    public @Nullable Duration eta() {
        int d = done.get();
        if (d == 0) return null;
        long perProblem = elapsedNanos() / d;
        return Duration.ofNanos(perProblem * Math.max(0, total.get() - d));
    }

    private long elapsedNanos() {
        return nanoTime.getAsLong() - startedAt;
    }
}
