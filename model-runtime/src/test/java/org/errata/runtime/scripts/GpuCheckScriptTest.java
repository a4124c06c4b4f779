package org.errata.runtime.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/gpu-check.sh --dry-run} on this machine's three cases: no GPU (the CPU fallback), a GPU but no
 * CUDA libtorch (one line naming what to install, exit 2), and a GPU with a libtorch folder (the CUDA commands).
 * A stand-in {@code nvidia-smi} on the PATH plays the GPU; the script only reads its first line.
 */
class GpuCheckScriptTest {
    @TempDir
    Path tmp;

    private record Result(int exit, List<String> lines) {}

    private Result run(Map<String, String> env, boolean fakeGpu) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("errata.repo.root", System.getProperty("user.dir") + "/..")).toAbsolutePath().normalize();
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        // only what the script needs, so a real nvidia-smi on this machine cannot leak in
        for (String tool : List.of("bash", "head", "sed", "basename", "dirname", "cat")) {
            Path real = Path.of("/usr/bin", tool);
            if (!Files.exists(real)) real = Path.of("/bin", tool);
            Path shim = bin.resolve(tool);
            Files.writeString(shim, "#!/bin/sh\nexec " + real + " \"$@\"\n");
            Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path smi = bin.resolve("nvidia-smi");
        Files.deleteIfExists(smi);
        if (fakeGpu) {
            Files.writeString(smi, "#!/bin/bash\necho 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-0)'\n");
            Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        ProcessBuilder pb = new ProcessBuilder(bin.resolve("bash").toString(), root.resolve("scripts/gpu-check.sh").toString(), "--dry-run");
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        pb.environment().put("HOME", tmp.resolve("home").toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out.lines().toList());
    }

    @Test
    void withoutAGpuItSaysSoInOneLineAndChecksTheCpuPath() throws Exception {
        Result r = run(Map.of(), false);
        assertThat(r.exit()).isZero();
        assertThat(r.lines().get(0)).isEqualTo("gpu-check: no NVIDIA GPU here (nvidia-smi not found); running the same checks on the CPU");
        assertThat(r.lines()).anyMatch(l -> l.startsWith("gpu-check: run: mvn ") && l.contains("-Derrata.test.device=cpu"));
        assertThat(r.lines()).contains("gpu-check: run: ./errata bench runtime --quick --device cpu");
        assertThat(String.join("\n", r.lines())).doesNotContain("cuda");
    }

    @Test
    void aGpuWithoutCudaLibtorchNamesWhatToInstall() throws Exception {
        Result r = run(Map.of(), true);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.lines()).containsExactly(
                "gpu-check: found GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-0)",
                "gpu-check: no CUDA build of libtorch 2.7.1 found: unpack one from pytorch.org and set "
                        + "PYTORCH_LIBRARY_PATH=/path/libtorch/lib (PYTORCH_FLAVOR=cu118|cu126|cu128), "
                        + "or let DJL download it with ERRATA_GPU_CHECK_ONLINE=1");
    }

    @Test
    void aLibraryFolderWithoutCudaIsRefused() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("libtorch/lib"));
        Files.writeString(lib.resolve("libtorch_cpu.so"), "");
        Result r = run(Map.of("PYTORCH_LIBRARY_PATH", lib.toString()), true);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.lines().get(1)).contains("has no libtorch_cuda.so");
    }

    @Test
    void aGpuWithACudaLibtorchRunsTheTestsAndTheBenchOnCuda() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("libtorch/lib"));
        Files.writeString(lib.resolve("libtorch_cuda.so"), "");
        Result r = run(Map.of("PYTORCH_LIBRARY_PATH", lib.toString(), "PYTORCH_FLAVOR", "cu126"), true);
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).contains("gpu-check: libtorch 2.7.1-cu126 from " + lib);
        assertThat(r.lines()).anyMatch(l -> l.startsWith("gpu-check: run: mvn ") && l.contains("-Derrata.test.device=cuda")
                && l.contains("DeviceParityTest") && l.contains("-Dai.djl.offline=true"));
        assertThat(r.lines()).contains("gpu-check: run: ./errata bench runtime --device cuda");
    }

    @Test
    void onlineItLetsDjlDownloadTheCudaBuild() throws Exception {
        Result r = run(Map.of("ERRATA_GPU_CHECK_ONLINE", "1"), true);
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).anyMatch(l -> l.contains("-Dai.djl.offline=false"));
    }
}
