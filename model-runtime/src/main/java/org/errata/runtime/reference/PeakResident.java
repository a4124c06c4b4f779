package org.errata.runtime.reference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The peak resident memory of a child process: its {@code VmHWM} (Linux's high-water mark of the
 * resident set) read from {@code /proc/<pid>/status} while it runs. The mark only grows, so the
 * last reading before the process exits is its peak, short of whatever it grew in the last
 * {@link #INTERVAL_MILLIS} ms. -1 where {@code /proc} is not there.
 */
public final class PeakResident {

    static final long INTERVAL_MILLIS = 20;

    private PeakResident() {
    }

    /** Waits up to {@code timeoutSeconds} for {@code p} to exit; returns its peak in bytes, or -1. */
    public static long watch(Process p, long timeoutSeconds) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long peak = -1;
        Path status = Path.of("/proc", Long.toString(p.pid()), "status");
        try {
            while (!p.waitFor(INTERVAL_MILLIS, TimeUnit.MILLISECONDS)) {
                peak = Math.max(peak, read(status));
                if (System.nanoTime() > deadline) {
                    p.destroyForcibly();
                    throw new IOException("child process ran past " + timeoutSeconds + " s");
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while a child process ran", e);
        }
        return peak;
    }

    /** {@code VmHWM} of a {@code /proc/.../status} file in bytes; -1 when it cannot be read (gone, or no /proc). */
    static long read(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return 1024 * Long.parseLong(line.substring(6).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process exited between two readings, or this system has no /proc: no figure
        }
        return -1;
    }
}
