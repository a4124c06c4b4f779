package org.errata.runtime.djl;

import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Lets the MKL inside the PyTorch CPU library use the processor's vector instructions on
 * processors that are not Intel's. MKL asks {@code mkl_serv_intel_cpu_true()} and, on an AMD
 * processor, runs its generic kernels whatever the processor has; a one-line shared library
 * ({@code mkl-dispatch.c}) that defines the same function, loaded into the global symbol scope
 * before PyTorch, answers instead, so MKL picks its kernels from the processor's features.
 * Measured on the project's 2-core AMD EPYC (AVX-512): a 32-row product of the Qwen2.5-0.5B
 * MLP's shape 2.1-2.5x faster, a one-row product 1.4-1.5x (model-runtime/README.md).
 *
 * <p>The shim is compiled with the system C compiler ({@code $CC}, else {@code cc}) the first time
 * and kept under {@code $XDG_CACHE_HOME/errata/native} (else {@code ~/.cache/errata/native}).
 * Without a compiler the engine runs as before, with MKL's generic kernels; {@link #status()}
 * says which. {@code -Derrata.mkl.dispatch=false} turns it off.
 */
public final class MklDispatch {

    /** The system property that turns the shim off ({@code false}). */
    public static final String PROPERTY = "errata.mkl.dispatch";

    private static final String SOURCE = "mkl-dispatch.c";
    private static final int RTLD_NOW = 2;
    private static final int RTLD_GLOBAL = 0x100;

    /** What {@link #apply} did: whether the shim is loaded, and why not when it is not. */
    public record Status(boolean loaded, String detail) {}

    private static @Nullable Status status;
    // Held so that the library stays loaded for the life of the process.
    private static @Nullable NativeLibrary shim;

    private MklDispatch() {}

    /**
     * Loads the shim if this processor needs it and it is allowed; call before the PyTorch
     * library is loaded (a later call cannot change what MKL already chose). Runs once; later
     * calls return the first call's status. Never throws: anything that goes wrong leaves the
     * engine on MKL's own choice and is reported in the status.
     */
    public static synchronized Status apply() {
        if (status == null) {
            status = tryApply();
        }
        return status;
    }

    /** The status of the first {@link #apply}, or "not tried" before it. */
    public static synchronized Status status() {
        return status != null ? status : new Status(false, "not tried");
    }

    static Status tryApply() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return new Status(false, "off (-D" + PROPERTY + "=false)");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new Status(false, "not needed on " + os + "/" + arch);
        }
        String vendor = cpuVendor();
        if (vendor == null || vendor.equals("GenuineIntel")) {
            return new Status(false, "not needed (" + (vendor == null ? "processor vendor unknown" : vendor) + ")");
        }
        try {
            Path library = compiled(CacheDirs.of("native"),
                    System.getenv().getOrDefault("CC", "cc"));
            shim = NativeLibrary.getInstance(library.toString(), Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW | RTLD_GLOBAL));
            return new Status(true, "loaded for " + vendor + " (" + library + ")");
        } catch (IOException | RuntimeException | LinkageError e) {
            return new Status(false, "not loaded: " + e.getMessage());
        }
    }

    /** The shim's library in {@code dir}, compiled there with {@code cc} first if it is missing. */
    static Path compiled(Path dir, String cc) throws IOException {
        byte[] source;
        try (InputStream in = MklDispatch.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException("resource " + SOURCE + " missing");
            }
            source = in.readAllBytes();
        }
        Path library = dir.resolve("mkl-dispatch-" + sha256(source).substring(0, 12) + ".so");
        if (Files.isRegularFile(library)) {
            return library;
        }
        Files.createDirectories(dir);
        Path work = Files.createTempDirectory(dir, "build-");
        try {
            Path c = Files.write(work.resolve(SOURCE), source);
            Path out = work.resolve("shim.so");
            List<String> command = List.of(cc, "-shared", "-fPIC", "-O2", "-o", out.toString(), c.toString());
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IOException("no C compiler (" + cc + ") to build the MKL dispatch shim");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(out)) {
                p.destroyForcibly();
                throw new IOException(cc + " failed to build the MKL dispatch shim: " + output.lines().findFirst().orElse("no output"));
            }
            // another process may have put it there meanwhile: the same bytes either way
            Files.move(out, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return library;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while building the MKL dispatch shim");
        } finally {
            try (Stream<Path> files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    /**
     * The kernel family MKL chose in this process, as MKL numbers it ({@code 0}: its generic
     * kernels; higher: a processor-specific family), or -1 when it cannot be asked (no PyTorch
     * CPU library loaded, or not on Linux/x86-64). Call after the engine has started.
     */
    public static int kernelFamily() {
        Path torch = loadedLibrary("libtorch_cpu.so");
        if (torch == null) {
            return -1;
        }
        try {
            NativeLibrary lib = NativeLibrary.getInstance(torch.toString());
            return lib.getFunction("mkl_serv_get_cpu_type").invokeInt(new Object[0]);
        } catch (RuntimeException | LinkageError e) {
            return -1;
        }
    }

    /** A short description of {@link #kernelFamily()}, for the engine version and the benchmarks. */
    public static String describe() {
        int family = kernelFamily();
        return switch (family) {
            case -1 -> "MKL kernels unknown";
            case 0 -> "MKL generic kernels";
            default -> "MKL processor-specific kernels (family " + family + ")";
        };
    }

    static @Nullable Path loadedLibrary(String name) {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.map(l -> l.substring(l.lastIndexOf(' ') + 1))
                    .filter(p -> p.endsWith("/" + name))
                    .findFirst().map(Path::of).orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static @Nullable String cpuVendor() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("vendor_id"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
