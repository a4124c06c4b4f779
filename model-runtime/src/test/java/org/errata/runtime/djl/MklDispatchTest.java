package org.errata.runtime.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MklDispatchTest {

    @Test
    void theEngineRunsMklsProcessorSpecificKernelsWhereverTheShimCouldLoad() throws IOException {
        DjlEngine.ensureStarted();
        MklDispatch.Status status = MklDispatch.status();
        String vendor = MklDispatch.cpuVendor();
        int family = MklDispatch.kernelFamily();
        assertThat(family).as("MKL answers which kernels it runs").isGreaterThanOrEqualTo(0);
        if ("GenuineIntel".equals(vendor)) {
            assertThat(status.loaded()).isFalse();
            assertThat(status.detail()).contains("not needed");
            assertThat(family).isPositive();
        } else if (status.loaded()) {
            // the shim took effect: without it MKL runs family 0 (generic) on this processor
            assertThat(family).isPositive();
            assertThat(DjlEngine.version()).contains("processor-specific");
        } else {
            assertThat(status.detail()).contains("C compiler");
            assertThat(family).isZero();
            assertThat(DjlEngine.version()).contains("generic");
        }
    }

    @Test
    void buildsTheShimOnceIntoTheCacheFolder(@TempDir Path dir) throws IOException {
        Path first = MklDispatch.compiled(dir, "cc");
        assertThat(first).isRegularFile().hasParent(dir);
        assertThat(first.getFileName().toString()).matches("mkl-dispatch-[0-9a-f]{12}\\.so");
        long built = Files.getLastModifiedTime(first).toMillis();
        // a second call finds it and compiles nothing, even with a compiler that would fail
        assertThat(MklDispatch.compiled(dir, "/nonexistent/cc")).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(first).toMillis()).isEqualTo(built);
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(first); // no build folder left behind
        }
    }

    @Test
    void aMissingOrFailingCompilerIsOneLineAndLeavesNothing(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> MklDispatch.compiled(dir, "/nonexistent/cc"))
                .isInstanceOf(IOException.class).hasMessage("no C compiler (/nonexistent/cc) to build the MKL dispatch shim");
        assertThatThrownBy(() -> MklDispatch.compiled(dir, "false"))
                .isInstanceOf(IOException.class).hasMessageStartingWith("false failed to build the MKL dispatch shim");
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void theSwitchTurnsItOff() {
        String before = System.getProperty(MklDispatch.PROPERTY);
        System.setProperty(MklDispatch.PROPERTY, "false");
        try {
            MklDispatch.Status off = MklDispatch.tryApply();
            assertThat(off.loaded()).isFalse();
            assertThat(off.detail()).isEqualTo("off (-Derrata.mkl.dispatch=false)");
        } finally {
            if (before == null) {
                System.clearProperty(MklDispatch.PROPERTY);
            } else {
                System.setProperty(MklDispatch.PROPERTY, before);
            }
        }
    }

    @Test
    void theCacheFolderFollowsXdg() {
        Path home = Path.of("/home/u");
        assertThat(CacheDirs.of(Map.of(), home, "native")).isEqualTo(Path.of("/home/u/.cache/errata/native"));
        assertThat(CacheDirs.of(Map.of("XDG_CACHE_HOME", "/c"), home, "native")).isEqualTo(Path.of("/c/errata/native"));
        assertThat(CacheDirs.of(Map.of("XDG_CACHE_HOME", "rel"), home, "native")).isEqualTo(Path.of("/home/u/.cache/errata/native"));
    }
}
