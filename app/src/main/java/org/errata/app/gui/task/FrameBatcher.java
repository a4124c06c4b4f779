package org.errata.app.gui.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Moves items from any thread to the UI thread in batches: {@link #offer} only queues, and at
 * most one flush is scheduled at a time, so a stream of thousands of token events becomes one
 * UI update per frame. The scheduler decides when a flush runs (per frame on FX, by hand in tests).
 */
public final class FrameBatcher<E> {

    /** Runs a flush on the UI thread, at the next frame. */
    @FunctionalInterface
    public interface FrameScheduler {
        void scheduleFlush(Runnable flush);
    }

    private final ConcurrentLinkedQueue<E> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final FrameScheduler scheduler;
    private final Consumer<List<E>> sink;

    public FrameBatcher(FrameScheduler scheduler, Consumer<List<E>> sink) {
        this.scheduler = Objects.requireNonNull(scheduler);
        this.sink = Objects.requireNonNull(sink);
    }

    /** Queues an item; safe from any thread, never blocks. */
    public void offer(E item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            scheduler.scheduleFlush(this::flush);
        }
    }

    /** Hands everything queued so far to the sink, in order. Runs on the UI thread. */
    public void flush() {
        scheduled.set(false);
        List<E> batch = new ArrayList<>();
        for (E e; (e = queue.poll()) != null; ) batch.add(e);
        if (!batch.isEmpty()) sink.accept(batch);
    }
}
