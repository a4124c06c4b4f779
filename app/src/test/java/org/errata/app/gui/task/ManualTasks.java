package org.errata.app.gui.task;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A task executor driven by the test: each task runs when the test calls {@link #drain}, its
 * callback right after, as a worker and the FX thread would (tasks a callback starts run in the
 * same drain, after those queued before them).
 */
public final class ManualTasks implements TaskExecutor {
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

    @Override
    public <T> void execute(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Exception> onFailure) {
        queue.add(() -> new CurrentThreadTaskExecutor().execute(work, onSuccess, onFailure));
    }

    @Override
    public void onUiThread(Runnable action) {
        action.run();
    }

    /** Runs the queued tasks until none is left; returns how many ran. */
    public int drain() {
        int n = 0;
        while (!queue.isEmpty()) {
            queue.poll().run();
            n++;
        }
        return n;
    }

    /** Runs the next queued task (and its callback), if there is one. */
    public boolean runNext() {
        Runnable next = queue.poll();
        if (next == null) return false;
        next.run();
        return true;
    }

    /** Tasks waiting to run. */
    public int queued() {
        return queue.size();
    }
}
