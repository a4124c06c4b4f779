package org.errata.app.gui.task;

import java.util.ArrayList;
import java.util.List;

/** A frame scheduler driven by the test: flushes run only when the test calls {@link #frame()}. */
public final class ManualFrames implements FrameBatcher.FrameScheduler {
    private final List<Runnable> pending = new ArrayList<>();
    private int requests;

    @Override
    public synchronized void scheduleFlush(Runnable flush) {
        requests++;
        pending.add(flush);
    }

    /** Runs the flushes scheduled so far, as the next frame would. */
    public void frame() {
        List<Runnable> now;
        synchronized (this) {
            now = new ArrayList<>(pending);
            pending.clear();
        }
        now.forEach(Runnable::run);
    }

    public synchronized int requests() {
        return requests;
    }
}
