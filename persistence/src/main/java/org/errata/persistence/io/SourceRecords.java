package org.errata.persistence.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.errata.persistence.db.PersistenceException;
import org.errata.persistence.trace.TraceJson;
import org.jspecify.annotations.Nullable;

/**
 * Reads the JSON values of an import file, each with the line it starts on, whatever the
 * file's layout: JSON Lines (one value per line; a second value on a line is refused), a JSON
 * array of values (as Hugging Face publishes ProcessBench), one or more pretty-printed values
 * (as PRM800K's examples), and any of these gzip-compressed (detected by the gzip magic bytes).
 * Text must be UTF-8 (a leading byte-order mark is skipped); numbers keep their exact decimal
 * form. In JSON Lines a bad line is a {@link Entry} with an error, and reading goes on with the
 * next line; in an array or a pretty-printed file the first syntax error ends the file, since
 * nothing after it can be told apart reliably.
 */
final class SourceRecords implements AutoCloseable {

    /** A value (or why the value starting on {@code line} could not be read). {@code fatal}: nothing follows. */
    record Entry(int line, @Nullable JsonNode value, @Nullable String error, boolean fatal) {}

    /** How the file lays out its values. */
    enum Layout { JSON_LINES, ARRAY, DOCUMENTS }

    private static final ObjectMapper JSON = TraceJson.mapper().copy()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final InputStream in;
    private final Layout layout;
    private int line; // lines consumed so far (JSON Lines)
    private @Nullable JsonParser parser; // arrays and documents
    private boolean done;
    private int lastEndLine;

    private SourceRecords(InputStream in, Layout layout, int line, @Nullable JsonParser parser) {
        this.in = in;
        this.layout = layout;
        this.line = line;
        this.parser = parser;
    }

    /** The mapper the records were read with (numbers as BigDecimal/BigInteger). */
    static ObjectMapper mapper() {
        return JSON;
    }

    /** Opens {@code file}; a file that cannot be opened is refused with the reason. */
    static SourceRecords open(Path file) throws PersistenceException {
        if (Files.isDirectory(file)) throw new PersistenceException("cannot read " + file + ": it is a directory");
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new PersistenceException("cannot read " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new PersistenceException("cannot read " + file + ": permission denied");
        } catch (IOException e) {
            throw new PersistenceException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return of(raw);
        } catch (IOException e) {
            closeQuietly(raw);
            throw new PersistenceException("cannot read " + file + ": " + reason(e), e);
        }
    }

    static SourceRecords of(InputStream source) throws IOException {
        InputStream in = source.markSupported() ? source : new BufferedInputStream(source);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        // Leading blank lines and a byte-order mark, then the first line: it decides the layout.
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int first;
        int lines = 0;
        in.mark(3);
        if (in.read() != 0xEF || in.read() != 0xBB || in.read() != 0xBF) in.reset();
        while ((first = in.read()) != -1 && Character.isWhitespace(first)) {
            head.write(first);
            if (first == '\n') lines++;
        }
        if (first == -1) return new SourceRecords(in, Layout.JSON_LINES, lines, null);
        if (first == '[') {
            head.write(first);
            return documents(in, head, Layout.ARRAY);
        }
        ByteArrayOutputStream firstLine = new ByteArrayOutputStream();
        firstLine.write(first);
        int b;
        while ((b = in.read()) != -1 && b != '\n') firstLine.write(b);
        boolean pretty = false;
        try (JsonParser p = JSON.createParser(firstLine.toByteArray())) {
            JSON.readTree(p);
        } catch (JsonEOFException unfinished) {
            pretty = true; // the value goes on past the first line
        } catch (JsonProcessingException notJson) {
            // Unfinished at the line's end: a pretty-printed value; anything else is a bad first line of
            // a JSON Lines file, reported when it is read.
            String m = notJson.getOriginalMessage();
            pretty = m != null && m.contains("end-of-input");
        }
        if (pretty) {
            head.write(firstLine.toByteArray());
            if (b == '\n') head.write('\n');
            return documents(in, head, Layout.DOCUMENTS);
        }
        SourceRecords r = new SourceRecords(in, Layout.JSON_LINES, lines, null);
        r.pending = firstLine.toByteArray();
        r.pendingEnd = b == -1;
        return r;
    }

    private byte @Nullable [] pending;
    private boolean pendingEnd;

    private static SourceRecords documents(InputStream in, ByteArrayOutputStream head, Layout layout) throws IOException {
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()), in);
        JsonParser p = JSON.createParser(whole);
        SourceRecords r = new SourceRecords(in, layout, 0, p);
        if (layout == Layout.ARRAY) p.nextToken(); // the '['
        return r;
    }

    Layout layout() {
        return layout;
    }

    /** The next value, or null at the end of the file. */
    @Nullable Entry next() throws IOException {
        if (done) return null;
        return layout == Layout.JSON_LINES ? nextLine() : nextDocument();
    }

    private @Nullable Entry nextLine() throws IOException {
        while (true) {
            byte[] bytes;
            if (pending != null) {
                bytes = pending;
                pending = null;
                if (pendingEnd) done = true;
            } else {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) != -1 && b != '\n') buf.write(b);
                if (b == -1) {
                    done = true;
                    if (buf.size() == 0) return null;
                }
                bytes = buf.toByteArray();
            }
            line++;
            String text;
            try {
                text = utf8(bytes);
            } catch (CharacterCodingException e) {
                return new Entry(line, null, "not UTF-8 text (" + badByte(bytes) + ")", false);
            }
            if (text.isBlank()) {
                if (done) return null;
                continue;
            }
            try (JsonParser p = JSON.createParser(text)) {
                JsonNode value = JSON.readTree(p);
                JsonToken after = p.nextToken();
                if (after != null) {
                    return new Entry(line, null, "trailing content after the JSON value at column "
                            + p.currentTokenLocation().getColumnNr() + " (one JSON value per line)", false);
                }
                return new Entry(line, value, null, false);
            } catch (JsonProcessingException e) {
                return new Entry(line, null, "not JSON: " + message(e), false);
            }
        }
    }

    private @Nullable Entry nextDocument() throws IOException {
        JsonParser p = parser;
        if (p == null) return null;
        int start = lastEndLine;
        try {
            JsonToken t = p.nextToken();
            if (t == null) {
                done = true;
                if (layout == Layout.ARRAY) return new Entry(start, null, "the JSON array is not closed", true);
                return null;
            }
            start = p.currentTokenLocation().getLineNr();
            if (layout == Layout.ARRAY && t == JsonToken.END_ARRAY) {
                JsonToken after = p.nextToken();
                done = true;
                if (after != null) {
                    return new Entry(p.currentTokenLocation().getLineNr(), null, "trailing content after the JSON array", true);
                }
                return null;
            }
            if (layout == Layout.DOCUMENTS && start == lastEndLine && lastEndLine > 0) {
                done = true;
                return new Entry(start, null, "trailing content after the JSON value (a second value on the same line)", true);
            }
            JsonNode value = JSON.readTree(p);
            lastEndLine = p.currentLocation().getLineNr();
            return new Entry(start, value, null, false);
        } catch (JsonProcessingException e) {
            done = true;
            JsonLocation at = e.getLocation();
            int where = at != null && at.getLineNr() > 0 ? at.getLineNr() : start;
            String m = message(e);
            return new Entry(where, null, m.startsWith("not UTF-8") ? m : "not JSON: " + m, true);
        }
    }

    private static String utf8(byte[] bytes) throws CharacterCodingException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String s = d.decode(ByteBuffer.wrap(bytes)).toString();
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** "byte 0xFF at column 12" for the first byte that does not decode. */
    private static String badByte(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int end = 1; end <= bytes.length; end++) {
            try {
                d.reset().decode(ByteBuffer.wrap(bytes, 0, end));
            } catch (CharacterCodingException e) {
                // The prefix up to here fails: find where the bad sequence starts.
                int start = end - 1;
                while (start > 0 && (bytes[start] & 0xC0) == 0x80 && end - start < 4) start--;
                return String.format("byte 0x%02X at byte %d", bytes[start] & 0xFF, start + 1);
            }
        }
        return "an unfinished character at the end";
    }

    static String message(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) m = e.getClass().getSimpleName();
        m = m.replaceAll("\\s*\\(start marker.*", "").replaceAll("\\s+", " ").strip();
        if (m.contains("Invalid UTF-8")) return "not UTF-8 text (" + m + ")";
        return m;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing after a failed open: the open's error is the one to report
        }
    }

    @Override
    public void close() throws IOException {
        if (parser != null) parser.close();
        in.close();
    }
}
