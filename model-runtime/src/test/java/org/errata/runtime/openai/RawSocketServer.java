package org.errata.runtime.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server speaking just enough HTTP/1.1 to misbehave: connection {@code i} gets
 * {@code responses.get(i)} written verbatim, then the socket is closed, whatever the bytes said.
 */
final class RawSocketServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();

    RawSocketServer(List<String> responses) throws IOException {
        this(responses, null);
    }

    /**
     * With {@code dropAfter}, each connection stays open after its bytes are written until the
     * latch opens (or 10 s pass), then drops: a stream that breaks after the client has really
     * received its first tokens, rather than one whose end races the tokens on the wire.
     */
    RawSocketServer(List<String> responses, java.util.concurrent.@org.jspecify.annotations.Nullable CountDownLatch dropAfter)
            throws IOException {
        socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    int n = connections.getAndIncrement();
                    readRequest(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    String response = n < responses.size() ? responses.get(n) : responses.get(responses.size() - 1);
                    out.write(response.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    if (dropAfter != null) {
                        try {
                            dropAfter.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                } catch (IOException e) {
                    if (socket.isClosed()) return; // closed by the test
                }
            }
        });
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    int connections() {
        return connections.get();
    }

    /** SSE headers with chunked transfer encoding, as uvicorn and most servers send them. */
    static String chunkedHead() {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
    }

    static String chunk(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n";
    }

    private static void readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            String h = head.toString(StandardCharsets.ISO_8859_1);
            if (h.endsWith("\r\n\r\n")) {
                int length = 0;
                for (String line : h.split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).strip());
                    }
                }
                in.readNBytes(length);
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
