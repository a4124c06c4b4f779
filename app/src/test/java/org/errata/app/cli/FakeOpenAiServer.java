package org.errata.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenAI-compatible server on loopback for the run command's tests: it answers every chat or
 * completions request with a boxed answer, fails them all with HTTP 400, or echoes the request's
 * {@code Authorization} header into its text or its error; and it can hold the next request until
 * the test lets it go (to keep a run in flight while another process tries to take it).
 */
final class FakeOpenAiServer implements AutoCloseable {

    enum Mode { ANSWER, FAIL, ECHO_KEY, ECHO_KEY_IN_ERROR }

    /** The next request to arrive waits here: {@code arrived} counts down, then it waits for {@code release}. */
    record Hold(CountDownLatch arrivals, CountDownLatch releases) {
        void await() throws InterruptedException {
            if (!arrivals.await(90, TimeUnit.SECONDS)) throw new AssertionError("no request arrived");
        }

        /** Waits for the request of {@code child}; if the child ends first, says how it ended and what it printed. */
        void awaitFrom(ChildErrata.Child child) throws Exception {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!arrivals.await(200, TimeUnit.MILLISECONDS)) {
                if (!child.process().isAlive()) {
                    throw new AssertionError("the child ended (exit " + child.process().exitValue() + ") before its request: "
                            + java.nio.file.Files.readString(child.err()));
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError("no request arrived; the child's stderr so far: " + java.nio.file.Files.readString(child.err()));
                }
            }
        }

        void release() {
            releases.countDown();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicReference<Hold> hold = new AtomicReference<>();
    private volatile Mode mode = Mode.ANSWER;
    private volatile java.util.function.@org.jspecify.annotations.Nullable BiFunction<String, Integer, String> responder;

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The model spec for {@code --model}. */
    String spec() {
        return baseUrl() + "#fake";
    }

    void mode(Mode m) {
        mode = m;
    }

    /**
     * Answers each request with {@code responder} applied to its last user message (or its
     * completion prompt) and the sample's index (0 to n-1), instead of the fixed boxed answer.
     */
    void respond(java.util.function.BiFunction<String, Integer, String> responder) {
        this.responder = responder;
        mode = Mode.ANSWER;
    }

    Hold holdNext() {
        Hold h = new Hold(new CountDownLatch(1), new CountDownLatch(1));
        hold.set(h);
        return h;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/models")) {
                json(exchange, 200, "{\"data\":[{\"id\":\"fake\"}]}");
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            Hold h = hold.getAndSet(null);
            if (h != null) {
                h.arrivals().countDown();
                try {
                    if (!h.releases().await(90, TimeUnit.SECONDS)) return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
            switch (mode) {
                case FAIL -> json(exchange, 400, "{\"error\":{\"message\":\"the model is overloaded\"}}");
                case ECHO_KEY_IN_ERROR -> json(exchange, 400,
                        "{\"error\":{\"message\":\"bad credentials: " + auth + "\"}}");
                case ANSWER -> {
                    var r = responder;
                    if (r == null) answer(exchange, body, path, i -> "The sum is \\boxed{1}.");
                    else answer(exchange, body, path, i -> r.apply(promptOf(body), i));
                }
                case ECHO_KEY -> answer(exchange, body, path, i -> "You sent " + auth + ". So \\boxed{1}.");
            }
        }
    }

    /** The last user message of a chat request, or a completions request's prompt. */
    private static String promptOf(JsonNode body) {
        String last = body.path("prompt").asText("");
        for (JsonNode m : body.path("messages")) {
            if (m.path("role").asText().equals("user")) last = m.path("content").asText();
        }
        return last;
    }

    private static void answer(HttpExchange exchange, JsonNode body, String path,
                               java.util.function.IntFunction<String> textOf) throws IOException {
        int n = body.path("n").asInt(1);
        boolean chat = path.endsWith("/chat/completions");
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (int i = 0; i < n; i++) {
            String text = textOf.apply(i);
            ObjectNode chunk = JSON.createObjectNode();
            ArrayNode choices = chunk.putArray("choices");
            ObjectNode c = choices.addObject();
            c.put("index", i);
            if (chat) c.putObject("delta").put("content", text);
            else c.put("text", text);
            c.put("finish_reason", "stop");
            event(out, JSON.writeValueAsString(chunk));
        }
        event(out, "[DONE]");
    }

    private static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        Hold h = hold.getAndSet(null);
        if (h != null) h.release();
        server.stop(0);
        pool.shutdownNow();
    }
}
