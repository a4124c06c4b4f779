package org.errata.runtime.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * llama.cpp's own OpenAI-compatible {@code llama-server}, built from the source that npm's
 * node-llama-cpp bundles by {@code scripts/llama-server.sh} into {@code .reference/server-build/}
 * (nothing committed). {@link #start} serves one GGUF on 127.0.0.1 at a free port and returns once
 * the server says it listens and {@code /health} answers 200.
 */
public final class LlamaServer {

    /** Where the build script puts the binary, relative to the repository root. */
    public static final String BINARY = ".reference/server-build/bin/llama-server";

    private final Path binary;

    private LlamaServer(Path binary) {
        this.binary = binary;
    }

    /**
     * Finds the server: system property {@code errata.llama.server}, else {@link #BINARY} under
     * {@code root}. Empty when it has not been built.
     */
    public static Optional<LlamaServer> find(@Nullable Path root) {
        String explicit = System.getProperty("errata.llama.server");
        Path binary = explicit != null ? Path.of(explicit) : root == null ? null : root.resolve(BINARY);
        if (binary == null || !Files.isExecutable(binary)) return Optional.empty();
        return Optional.of(new LlamaServer(binary));
    }

    public Path binary() {
        return binary;
    }

    /**
     * Starts serving {@code gguf} under the model name {@code alias}: {@code slots} parallel
     * sequences of {@code slotContext} tokens each, {@code threads} CPU threads.
     *
     * @throws IOException with the server's last lines when it exits or is not ready in {@code timeout}
     */
    public Running start(Path gguf, String alias, int slots, int slotContext, int threads, Duration timeout)
            throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> command = List.of(binary.toString(), "-m", gguf.toString(), "--alias", alias,
                "--host", "127.0.0.1", "--port", Integer.toString(port), "-np", Integer.toString(slots),
                "-c", Integer.toString(slots * slotContext), "-t", Integer.toString(threads),
                "-tb", Integer.toString(threads), "--no-webui");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Running running = new Running(process, URI.create("http://127.0.0.1:" + port), alias);
        try {
            running.awaitReady(timeout);
        } catch (IOException | RuntimeException e) {
            running.close();
            throw e;
        }
        return running;
    }

    /** A started server; {@link #close} stops it (SIGTERM, then SIGKILL). */
    public static final class Running implements AutoCloseable {
        private static final int KEEP_LINES = 40;

        private final Process process;
        private final URI root;
        private final String alias;
        private final Deque<String> lastLines = new ArrayDeque<>();
        private final CountDownLatch listening = new CountDownLatch(1);

        private Running(Process process, URI root, String alias) {
            this.process = process;
            this.root = root;
            this.alias = alias;
            Thread reader = new Thread(this::drain, "llama-server-log");
            reader.setDaemon(true);
            reader.start();
        }

        /** The OpenAI API root, {@code http://127.0.0.1:PORT/v1}. */
        public URI baseUrl() {
            return root.resolve("/v1");
        }

        /** The model name the server answers to. */
        public String alias() {
            return alias;
        }

        /** The errata model spec for this server: {@code URL#alias}. */
        public String modelSpec() {
            return baseUrl() + "#" + alias;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** SIGKILL, as a crashed or killed server would go; returns once the process is gone. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        /** The server's last log lines, for error messages. */
        public synchronized String lastLines() {
            return String.join("\n", lastLines);
        }

        private void drain() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (this) {
                        lastLines.addLast(line);
                        if (lastLines.size() > KEEP_LINES) lastLines.removeFirst();
                    }
                    if (line.contains("listening on")) listening.countDown();
                }
            } catch (IOException e) {
                // the process went away; awaitReady reports its exit and last lines
            } finally {
                listening.countDown();
            }
        }

        private void awaitReady(Duration timeout) throws IOException {
            try {
                if (!listening.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IOException("llama-server not ready after " + timeout.toSeconds() + " s:\n" + lastLines());
                }
                if (!process.isAlive()) {
                    throw new IOException("llama-server exited (" + process.waitFor() + "):\n" + lastLines());
                }
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(root.resolve("/health"))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() != 200) {
                    throw new IOException("llama-server /health answered " + health.statusCode() + ": " + health.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while llama-server started", e);
            }
        }

        @Override
        public void close() {
            if (!process.isAlive()) return;
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public String toString() {
            return "llama-server pid " + pid() + " at " + root;
        }
    }
}
