package org.errata.runtime.djl;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts the PyTorch engine once, with the settings this program needs: offline mode (no
 * network lookups) and a bounded thread count (OpenMP busy-waiting fights the JVM on small
 * machines), and MKL's processor-specific kernels on processors that are not Intel's
 * ({@link MklDispatch}, loaded before the engine). Every entry point that touches DJL calls
 * {@link #ensureStarted} first; the user sets no environment variable.
 */
public final class DjlEngine {

    private static volatile Engine engine;
    private static volatile int startedThreads;

    private DjlEngine() {}

    /** The engine, started with {@code threads} intra-op threads (0: one per core) the first time. */
    public static Engine ensureStarted(int threads) {
        Engine e = engine;
        if (e != null) {
            return e;
        }
        synchronized (DjlEngine.class) {
            if (engine == null) {
                int n = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
                System.setProperty("ai.djl.offline", "true");
                setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(n));
                setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
                setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
                MklDispatch.apply();
                Engine started = Engine.getEngine("PyTorch");
                startedThreads = Math.max(1, JniUtils.getNumThreads());
                engine = started;
            }
            return engine;
        }
    }

    /** The intra-op thread count the engine was started with. */
    static int threads() {
        ensureStarted();
        return startedThreads;
    }

    /**
     * Makes the engine's following operations use {@code n} intra-op threads (at most the count it
     * was started with). The setting is the engine's, process-wide: a caller sets it before each
     * piece of work rather than relying on what an earlier one left.
     */
    static void useThreads(int n) {
        int want = Math.max(1, Math.min(n, threads()));
        if (JniUtils.getNumThreads() != want) {
            JniUtils.setNumThreads(want);
        }
    }

    /**
     * This thread's operations record no autograd history (PyTorch's grad mode, which is per thread
     * and on by default). Inference never goes backward, and each operation of a small model's
     * decoding step costs less without it: on the 3.7M benchmark model the best of 60 runs of 128
     * tokens read 1,926-2,121 tok/s against 1,678-1,953 with it on (alternating processes).
     */
    static void inferenceOnThisThread() {
        ensureStarted();
        JniUtils.setGradMode(false);
    }

    public static Engine ensureStarted() {
        return ensureStarted(0);
    }

    /**
     * A contiguous CPU array's own memory as a direct buffer (no copy: valid while the array is
     * open), or null where the engine cannot give it (another device, or not a PyTorch array). An
     * array that is not contiguous must not be passed: the engine would answer with a copy.
     */
    static java.nio.@org.jspecify.annotations.Nullable ByteBuffer ownMemory(ai.djl.ndarray.NDArray a) {
        if (!(a instanceof ai.djl.pytorch.engine.PtNDArray pt) || !a.getDevice().equals(ai.djl.Device.cpu())) {
            return null;
        }
        java.nio.ByteBuffer own = JniUtils.getByteBuffer(pt, true);
        return own.isDirect() && own.capacity() == a.size() * a.getDataType().getNumOfBytes()
                ? own.order(java.nio.ByteOrder.nativeOrder()) : null;
    }

    /** The engine's version and MKL's kernels (they decide the last bits of a result), for {@code ModelInfo}. */
    public static String version() {
        Engine e = ensureStarted();
        return "DJL " + Engine.getDjlVersion() + " / " + e.getEngineName() + " " + e.getVersion() + ", " + MklDispatch.describe();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
