package org.errata.app.gui.task;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way view models get work off the UI thread: {@code work} runs in the background and
 * exactly one of the callbacks runs afterwards on the UI thread. A same-thread implementation
 * runs everything inline, so view models are tested without a toolkit.
 */
public interface TaskExecutor {

    <T> void execute(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Exception> onFailure);

    /** Runs {@code action} on the UI thread (now, if already on it). */
    void onUiThread(Runnable action);
}
