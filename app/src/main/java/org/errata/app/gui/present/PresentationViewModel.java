package org.errata.app.gui.present;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import org.errata.app.export.TraceCard;
import org.errata.app.gui.task.FrameBatcher;
import org.errata.app.gui.task.TaskExecutor;
import org.errata.app.services.RunHandle;
import org.errata.correction.engine.LoopEvent;
import org.errata.correction.trace.RunId;
import org.jspecify.annotations.Nullable;

/**
 * What the presentation shows, without the toolkit's nodes: the reveal position over the card
 * and, in live mode, the run of a typed problem. A live run starts off the UI thread through the
 * {@link TaskExecutor}; its events reach the card through a {@link FrameBatcher}, one batch per
 * frame. Events of a run that was replaced or closed are dropped. {@link #changes()} ticks each
 * time the card or the reveal changed, so the view redraws once per change.
 */
public final class PresentationViewModel {
    private final RevealModel reveal;
    private final @Nullable LiveRunner live;
    private final TaskExecutor tasks;
    private final FrameBatcher<Tagged> batcher;
    private final ReadOnlyIntegerWrapper changes = new ReadOnlyIntegerWrapper(this, "changes");
    private @Nullable LiveTrace liveTrace;
    private @Nullable RunHandle handle;
    /** Which live run is current; events and handles of earlier ones are dropped. */
    private long generation;

    private record Tagged(long generation, LoopEvent event) {}

    public PresentationViewModel(TraceCard card, @Nullable LiveRunner live, TaskExecutor tasks,
                                 FrameBatcher.FrameScheduler frames) {
        this.reveal = new RevealModel(card);
        this.live = live;
        this.tasks = tasks;
        this.batcher = new FrameBatcher<>(frames, this::apply);
    }

    public RevealModel reveal() { return reveal; }

    /** Whether a problem can be typed and run live. */
    public boolean canRunLive() { return live != null; }

    /** Ticks whenever what is shown changed. */
    public ReadOnlyIntegerProperty changes() { return changes.getReadOnlyProperty(); }

    public boolean next() {
        boolean moved = reveal.next();
        if (moved) changed();
        return moved;
    }

    public boolean previous() {
        boolean moved = reveal.previous();
        if (moved) changed();
        return moved;
    }

    public void restart() {
        reveal.restart();
        changed();
    }

    /**
     * Starts a live run on the typed problem, replacing any live run before it. The card shows
     * the problem at once; the run starts in the background, and a run that cannot start ends
     * the card with its reason.
     */
    public void startLive(String problemText) {
        LiveRunner runner = live;
        if (runner == null || problemText.isBlank()) return;
        cancelLive();
        String text = problemText.strip();
        LiveTrace trace = new LiveTrace(text);
        liveTrace = trace;
        long gen = generation;
        reveal.update(trace.card(), true);
        changed();
        tasks.execute(() -> runner.start(text, e -> batcher.offer(new Tagged(gen, e))),
                h -> {
                    if (gen == generation) handle = h;
                    else h.cancel();
                },
                ex -> {
                    if (gen != generation) return;
                    trace.apply(List.of(new LoopEvent.RunEnded(new RunId("live"), LoopEvent.RunOutcome.FAILED, ex.getMessage())));
                    reveal.update(trace.card(), true);
                    changed();
                });
    }

    /** The live card's state in words ("running", "finished", "failed: ..."), or "" outside live mode. */
    public String liveState() {
        LiveTrace t = liveTrace;
        return t == null ? "" : t.state();
    }

    /** Stops the live run (when the window closes); later events are dropped. */
    public void dispose() {
        cancelLive();
    }

    private void cancelLive() {
        generation++;
        RunHandle h = handle;
        handle = null;
        if (h != null) h.cancel();
    }

    private void apply(List<Tagged> batch) {
        LiveTrace trace = liveTrace;
        if (trace == null) return;
        List<LoopEvent> current = new ArrayList<>();
        for (Tagged t : batch) if (t.generation() == generation) current.add(t.event());
        if (current.isEmpty()) return;
        trace.apply(current);
        reveal.update(trace.card(), true);
        changed();
    }

    private void changed() {
        changes.set(changes.get() + 1);
    }
}
