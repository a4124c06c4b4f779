package org.errata.runtime.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;

/** An HTTP server on loopback that answers each request with the next scripted reply. */
final class ScriptedServer implements AutoCloseable {

    /** What the server does with one request. */
    @FunctionalInterface
    interface Reply {
        void answer(HttpExchange exchange, JsonNode body) throws IOException;
    }

    record Seen(String path, String authorization, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();

    ScriptedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    synchronized ScriptedServer then(Reply reply) {
        replies.addLast(reply);
        return this;
    }

    synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        Reply reply;
        synchronized (this) {
            seen.add(new Seen(exchange.getRequestURI().getPath(),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), body));
            reply = replies.isEmpty() ? null : replies.removeFirst();
        }
        try (exchange) {
            if (reply == null) {
                json(exchange, 500, "{\"error\":{\"message\":\"the script ran out\"}}");
            } else {
                reply.answer(exchange, body);
            }
        }
    }

    static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Sends each chunk as one SSE event, then {@code [DONE]}. */
    static Reply sse(String... chunks) {
        return (exchange, body) -> {
            OutputStream out = startSse(exchange);
            for (String chunk : chunks) event(out, chunk);
            event(out, "[DONE]");
        };
    }

    static OutputStream startSse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    static void event(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String chatChunk(int index, String content, String finish) {
        return "{\"choices\":[{\"index\":" + index + ",\"delta\":{\"content\":" + quote(content) + "},\"finish_reason\":"
                + (finish == null ? "null" : quote(finish)) + "}]}";
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
