package org.errata.app.gui.task;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Schedules flushes on the FX thread no more often than once per frame period: a flush asked
 * for sooner than {@code frameMillis} after the last one waits for the rest of the period.
 */
public final class FxFrameScheduler implements FrameBatcher.FrameScheduler, AutoCloseable {
    private final long frameNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "errata-frames");
        t.setDaemon(true);
        return t;
    });
    private volatile long lastFlush;

    public FxFrameScheduler(long frameMillis) {
        this.frameNanos = TimeUnit.MILLISECONDS.toNanos(frameMillis);
    }

    @Override
    public void scheduleFlush(Runnable flush) {
        long wait = lastFlush + frameNanos - System.nanoTime();
        Runnable onFx = () -> {
            lastFlush = System.nanoTime();
            flush.run();
        };
        if (wait <= 0) Platform.runLater(onFx);
        else timer.schedule(() -> Platform.runLater(onFx), wait, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
