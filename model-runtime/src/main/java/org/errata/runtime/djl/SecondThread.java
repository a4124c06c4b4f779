package org.errata.runtime.djl;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A second thread for the halves of a weight product: the caller computes one half while this
 * thread computes the other. The engine's BLAS runs a one-row (or few-row) product on the calling
 * thread only, whatever its thread setting (profiled: every sample of {@code sgemv} on one thread
 * with two engine threads set), so a decoding step on two cores read its weights at one core's
 * speed; two threads each reading half of a matrix read it at up to twice that.
 *
 * <p>The thread starts on first use and ends after {@link #IDLE_NANOS} without work (a later call
 * starts a new one), so an instance needs no closing. One caller at a time (the model thread).
 */
final class SecondThread {

    /** An idle thread ends after this long. */
    static final long IDLE_NANOS = 2_000_000_000L;

    private static final int IDLE = 0;
    private static final int TASK = 1;
    private static final int DONE = 2;
    private static final int ENDED = 3;

    private final AtomicInteger state = new AtomicInteger(ENDED);
    private volatile @Nullable Supplier<?> task;
    private volatile @Nullable Object result;
    private volatile @Nullable Throwable failure;
    private volatile @Nullable Thread caller;
    private @Nullable Thread worker;

    /** Tasks the second threads of all instances have run (a figure for tests and benchmarks). */
    private static final java.util.concurrent.atomic.AtomicLong TASKS = new java.util.concurrent.atomic.AtomicLong();

    static long tasksRun() {
        return TASKS.get();
    }

    /**
     * Runs {@code theirs} on the second thread and {@code mine} on this one; returns both results
     * once both are done ({@code [mine, theirs]}). A failure of either is thrown here, after both ended.
     */
    <T> Pair<T> both(Supplier<T> mine, Supplier<T> theirs) {
        caller = Thread.currentThread();
        task = theirs;
        result = null;
        failure = null;
        if (!state.compareAndSet(IDLE, TASK)) {
            // ended (or never started): a new thread picks the task up
            state.set(TASK);
            Thread t = new Thread(this::loop, "errata-decode-second");
            t.setDaemon(true);
            worker = t;
            t.start();
        } else {
            LockSupport.unpark(worker);
        }
        T own;
        try {
            own = mine.get();
        } finally {
            awaitDone();
        }
        Throwable f = failure;
        if (f != null) {
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException(f);
        }
        @SuppressWarnings("unchecked")
        T other = (T) result;
        return new Pair<>(own, other);
    }

    /** The results of the two halves. */
    record Pair<T>(T mine, T theirs) {}

    /**
     * After a task, the second thread spins this long before it parks: the gap between the large
     * products of a decoding step (attention, element-wise operations) is about this long, and waking
     * a parked thread costs tens of microseconds each time.
     */
    static final long SPIN_NANOS = 200_000;

    private void awaitDone() {
        long start = System.nanoTime();
        while (state.get() != DONE) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 50_000);
            }
        }
        state.set(IDLE);
    }

    private void loop() {
        DjlEngine.inferenceOnThisThread();
        long idleSince = System.nanoTime();
        while (true) {
            int s = state.get();
            if (s == TASK) {
                Supplier<?> t = task;
                task = null;
                try {
                    result = t == null ? null : t.get();
                    TASKS.incrementAndGet();
                } catch (Throwable e) {
                    failure = e;
                }
                state.set(DONE);
                LockSupport.unpark(caller);
                idleSince = System.nanoTime();
                continue;
            }
            if (s == IDLE && System.nanoTime() - idleSince > IDLE_NANOS && state.compareAndSet(IDLE, ENDED)) {
                return;
            }
            if (System.nanoTime() - idleSince < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, IDLE_NANOS);
            }
        }
    }
}
