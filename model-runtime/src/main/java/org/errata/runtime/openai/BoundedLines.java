package org.errata.runtime.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads a response body line by line (UTF-8, {@code \n} or {@code \r\n}) within two limits:
 * no line longer than {@code maxLine} bytes and no more than {@code maxTotal} bytes in all. A
 * server that breaks either gets a {@link TooLarge} naming the limit, so one response can never
 * take more memory than its limits, whatever the server sends. Not thread-safe.
 */
final class BoundedLines {

    /** A response broke one of the limits; the message names it. */
    static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final int maxLine;
    private final long maxTotal;
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private int pos;
    private int end;
    private long total;

    BoundedLines(InputStream in, int maxLine, long maxTotal) {
        this.in = in;
        this.maxLine = maxLine;
        this.maxTotal = maxTotal;
    }

    /** The next line without its terminator, or null at the end of the body. */
    @Nullable String readLine() throws IOException {
        line.reset();
        while (true) {
            if (pos == end) {
                end = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return line.size() == 0 ? null : text();
                }
                total += end;
                if (total > maxTotal) {
                    throw new TooLarge("the response passed " + maxTotal + " bytes, the most one call may take");
                }
            }
            int start = pos;
            while (pos < end && buffer[pos] != '\n') pos++;
            line.write(buffer, start, pos - start);
            if (line.size() > maxLine) {
                throw new TooLarge("the server sent a line longer than " + maxLine + " bytes, the longest accepted");
            }
            if (pos < end) {
                pos++; // the '\n'
                return text();
            }
        }
    }

    /** The rest of the body in one string, within the total limit. */
    String readAll() throws IOException {
        StringBuilder out = new StringBuilder();
        String l;
        boolean first = true;
        while ((l = readRest()) != null) {
            if (!first) out.append('\n');
            out.append(l);
            first = false;
        }
        return out.toString();
    }

    private @Nullable String readRest() throws IOException {
        // A plain JSON body may be one long line: only the total limit applies.
        line.reset();
        while (true) {
            if (pos == end) {
                end = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                total += end;
                if (total > maxTotal) {
                    throw new TooLarge("the response passed " + maxTotal + " bytes, the most one call may take");
                }
            }
            line.write(buffer, pos, end - pos);
            pos = end;
        }
    }

    private String text() {
        byte[] bytes = line.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') n--;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
