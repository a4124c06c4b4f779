package org.errata.persistence.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Writes a small Parquet file for tests: one row group of required, PLAIN-encoded columns,
 * uncompressed or Snappy-compressed (strings as UTF8 byte arrays, longs as INT64), its metadata
 * in Thrift's compact protocol, as the Parquet format specification lays it out. Enough to test
 * reading without a Parquet writer library.
 */
final class ParquetFixture {
    /** A column: its name and values (all String or all Long). */
    record Column(String name, List<?> values) {
        boolean strings() {
            return values.getFirst() instanceof String;
        }
    }

    private ParquetFixture() {}

    static void write(Path file, List<Column> columns) throws IOException {
        write(file, columns, false);
    }

    /** {@code snappy}: pages compressed with Snappy, as Hugging Face writes them. */
    static void write(Path file, List<Column> columns, boolean snappy) throws IOException {
        int rows = columns.getFirst().values().size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
        long[] offsets = new long[columns.size()];
        long[] sizes = new long[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (Object v : col.values()) {
                if (v instanceof String s) {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    data.writeBytes(le(4).putInt(b.length).array());
                    data.writeBytes(b);
                } else {
                    data.writeBytes(le(8).putLong((Long) v).array());
                }
            }
            byte[] page = snappy ? org.xerial.snappy.Snappy.compress(data.toByteArray()) : data.toByteArray();
            Compact header = new Compact();
            header.i32(1, 0); // DATA_PAGE
            header.i32(2, data.size());
            header.i32(3, page.length);
            header.struct(5);
            header.i32(1, rows);
            header.i32(2, 0); // PLAIN
            header.i32(3, 3); // RLE
            header.i32(4, 3);
            header.end();
            header.stop();
            offsets[c] = out.size();
            out.writeBytes(header.bytes());
            out.writeBytes(page);
            sizes[c] = out.size() - offsets[c];
        }
        Compact meta = new Compact();
        meta.i32(1, 1);
        meta.list(2, Compact.STRUCT, columns.size() + 1);
        meta.element();
        meta.binary(4, "schema");
        meta.i32(5, columns.size());
        meta.end();
        for (Column col : columns) {
            meta.element();
            meta.i32(1, col.strings() ? 6 : 2); // BYTE_ARRAY or INT64
            meta.i32(3, 0); // REQUIRED
            meta.binary(4, col.name());
            if (col.strings()) meta.i32(6, 0); // UTF8
            meta.end();
        }
        meta.i64(3, rows);
        meta.list(4, Compact.STRUCT, 1);
        meta.element();
        meta.list(1, Compact.STRUCT, columns.size());
        long total = 0;
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            meta.element();
            meta.i64(2, offsets[c]);
            meta.struct(3);
            meta.i32(1, col.strings() ? 6 : 2);
            meta.list(2, Compact.I32, 1);
            meta.varint(0);
            meta.list(3, Compact.BINARY, 1);
            meta.raw(col.name());
            meta.i32(4, snappy ? 1 : 0); // SNAPPY or UNCOMPRESSED
            meta.i64(5, rows);
            meta.i64(6, sizes[c]);
            meta.i64(7, sizes[c]);
            meta.i64(9, offsets[c]);
            meta.end();
            meta.end();
            total += sizes[c];
        }
        meta.i64(2, total);
        meta.i64(3, rows);
        meta.end();
        meta.stop();
        byte[] footer = meta.bytes();
        out.writeBytes(footer);
        out.writeBytes(le(4).putInt(footer.length).array());
        out.writeBytes("PAR1".getBytes(StandardCharsets.US_ASCII));
        Files.write(file, out.toByteArray());
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Thrift's compact protocol, just the parts a Parquet footer needs. */
    private static final class Compact {
        static final int I32 = 5;
        static final int I64 = 6;
        static final int BINARY = 8;
        static final int LIST = 9;
        static final int STRUCT = 12;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Deque<Integer> lastField = new ArrayDeque<>(List.of(0));

        private void header(int id, int type) {
            int delta = id - lastField.peek();
            if (delta > 0 && delta <= 15) {
                out.write(delta << 4 | type);
            } else {
                out.write(type);
                varint((id << 1) ^ (id >> 31));
            }
            lastField.pop();
            lastField.push(id);
        }

        void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        void i32(int id, int v) {
            header(id, I32);
            varint(((long) v << 1) ^ (v >> 31) & 0xFFFFFFFFL);
        }

        void i64(int id, long v) {
            header(id, I64);
            varint((v << 1) ^ (v >> 63));
        }

        void binary(int id, String s) {
            header(id, BINARY);
            raw(s);
        }

        void raw(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            varint(b.length);
            out.writeBytes(b);
        }

        void struct(int id) {
            header(id, STRUCT);
            lastField.push(0);
        }

        /** A struct as a list element: no field header. */
        void element() {
            lastField.push(0);
        }

        void end() {
            out.write(0);
            lastField.pop();
        }

        void list(int id, int elementType, int size) {
            header(id, LIST);
            if (size < 15) out.write(size << 4 | elementType);
            else {
                out.write(0xF0 | elementType);
                varint(size);
            }
        }

        void stop() {
            out.write(0);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
