package org.errata.runtime.djl;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the engine's native memory near what it uses. PyTorch allocates each step's tensors with
 * malloc, and glibc keeps what they free for later allocations: its arenas grow to the largest mix
 * of blocks seen, differently from run to run as the model thread and the second thread interleave,
 * and blocks up to 32 MB come from there once one that large has been freed. Two measures:
 * <ul>
 *   <li>{@link #returnLargeBlocks}, once the engine runs a model: blocks of {@link #MMAP_THRESHOLD}
 *       or more are mapped for themselves and unmapped when freed (a 32-row step's logits are two
 *       such blocks, 10 MB each at the 0.5B shape);</li>
 *   <li>{@link #release}, once the model thread has had nothing to do for {@link #IDLE_MILLIS}:
 *       MKL's pool of product buffers (about 9 MB per thread that ran a product) is freed and
 *       malloc gives its free pages back.</li>
 * </ul>
 * Measured at the Qwen2.5-0.5B shape (model-runtime/README.md): the peak resident memory of the
 * bench process read 1.27-1.29x the f32 weight bytes in twelve runs with these, 1.27-1.39x in eight
 * without. The next call after an idle moment allocates MKL's buffers again (milliseconds).
 * Training does not run on the model thread, so a trainer alone in its process keeps glibc's rule
 * (its step takes 12 % longer with the 4 MB one).
 * Does nothing off Linux; {@code -Derrata.native.release=false} turns it off.
 */
final class NativeMemory {

    static final String PROPERTY = "errata.native.release";

    /**
     * How long the model thread waits for more work before it {@link #release}s: calls that follow
     * one another (a strategy's turns, a benchmark's runs) find MKL's buffers still there.
     */
    static final long IDLE_MILLIS = 100;

    private static final boolean ON = !"false".equalsIgnoreCase(System.getProperty(PROPERTY))
            && System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    /** Blocks from this size up are mapped for themselves by malloc and unmapped when freed. */
    static final long MMAP_THRESHOLD = 4L << 20;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int M_TRIM_THRESHOLD = -1;
    /** Free memory at the top of an arena beyond this is given back when freed (glibc's own rule: twice the above). */
    static final long TRIM_THRESHOLD = 2 * MMAP_THRESHOLD;
    private static boolean thresholdSet;
    private static @Nullable Function mallocTrim;
    private static @Nullable Function mklFreeBuffers;
    private static boolean looked;

    private NativeMemory() {}

    /**
     * Has malloc map every block of {@link #MMAP_THRESHOLD} or more for itself and unmap it when
     * freed (glibc otherwise raises that threshold to the largest block freed, up to 32 MB, and
     * serves such blocks from its arenas, where what one step frees stays resident beside what the
     * next allocates). Called once the engine runs a model; process-wide.
     */
    static synchronized void returnLargeBlocks() {
        if (!ON || thresholdSet) return;
        thresholdSet = true;
        try {
            Function mallopt = NativeLibrary.getInstance("c").getFunction("mallopt");
            mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, (int) MMAP_THRESHOLD});
            mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, (int) TRIM_THRESHOLD});
        } catch (RuntimeException | LinkageError e) {
            // best effort
        }
    }

    /** Frees MKL's idle buffers, then returns malloc's free pages to the system. */
    static synchronized void release() {
        if (!ON) return;
        if (!looked) {
            looked = true;
            try {
                mallocTrim = NativeLibrary.getInstance("c").getFunction("malloc_trim");
            } catch (RuntimeException | LinkageError e) {
                mallocTrim = null;
            }
            Path torch = MklDispatch.loadedLibrary("libtorch_cpu.so");
            if (torch != null) {
                try {
                    mklFreeBuffers = NativeLibrary.getInstance(torch.toString()).getFunction("mkl_serv_free_buffers");
                } catch (RuntimeException | LinkageError e) {
                    mklFreeBuffers = null;
                }
            }
        }
        try {
            if (mklFreeBuffers != null) mklFreeBuffers.invokeVoid(new Object[0]);
            if (mallocTrim != null) mallocTrim.invokeInt(new Object[] {0L});
        } catch (RuntimeException | LinkageError e) {
            // best effort: memory stays as it was
        }
    }
}
