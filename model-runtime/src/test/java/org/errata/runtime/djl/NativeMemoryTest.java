package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Blocks allocated with malloc (JNA's {@link Memory}), as the engine's tensors are, and the resident
 * memory of a fresh process: in this one, earlier tests leave free memory in malloc's arenas that
 * serves any request before a new mapping would.
 */
@EnabledOnOs(OS.LINUX)
class NativeMemoryTest {

    private static final long MB = 1L << 20;

    @Test
    void largeBlocksGoBackToTheSystemWhenFreedEvenBelowOtherMemory() throws Exception {
        // without: glibc serves them from an arena, which keeps them
        assertFreed("large", "freeing 64 MB of 8 MB blocks", 56, 16);
    }

    @Test
    void releaseGivesBackFreePagesInsideTheArenas() throws Exception {
        assertFreed("small", "release() after freeing 48 MB of 1 MB blocks", 40, 8);
    }

    /** {@link #main} given back at least {@code on} MB with the measures, under {@code off} MB without. */
    private static void assertFreed(String what, String how, long on, long off) throws Exception {
        assertThat(child(what, true)).as("MB given back by " + how).isGreaterThanOrEqualTo(on);
        assertThat(child(what, false)).as("MB given back by " + how + " without the measures").isLessThan(off);
    }

    /** Runs {@link #main} in a fresh JVM; returns the MB it printed. */
    private static long child(String what, boolean on) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-D" + NativeMemory.PROPERTY + "=" + on, "-cp", System.getProperty("java.class.path"),
                NativeMemoryTest.class.getName(), what).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Long.parseLong(out.lines().filter(l -> l.startsWith("freed=")).findFirst().orElseThrow()
                .substring("freed=".length()));
    }

    /** {@code large}: 8 MB blocks freed below a live block; {@code small}: 1 MB blocks the same, then {@link NativeMemory#release}. */
    public static void main(String[] args) throws IOException {
        boolean large = args[0].equals("large");
        NativeMemory.returnLargeBlocks();
        // glibc's own rule now serves blocks up to 24 MB from its arenas (without the threshold set above)
        try (Memory raise = new Memory(24 * MB)) {
            raise.setMemory(0, raise.size(), (byte) 1);
        }
        List<Memory> blocks = new ArrayList<>();
        for (int i = 0; i < (large ? 8 : 48); i++) {
            Memory m = new Memory(large ? 8 * MB : MB);
            m.setMemory(0, m.size(), (byte) 1);
            blocks.add(m);
        }
        // allocated after them: in an arena the freed blocks are not its top, so free() cannot trim them
        try (Memory pin = new Memory(MB)) {
            pin.setMemory(0, pin.size(), (byte) 1);
            long before = residentBytes();
            blocks.forEach(Memory::close);
            if (!large) NativeMemory.release();
            System.out.println("freed=" + (before - residentBytes()) / MB);
        }
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
