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
    /**
     * A column: its name and values, all String, all Long, or all {@code List<String>} (an
     * optional LIST of required strings, written with repetition and definition levels).
     */
    record Column(String name, List<?> values) {
        boolean strings() {
            return values.getFirst() instanceof String || lists();
        }

        boolean lists() {
            return values.getFirst() instanceof List<?>;
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
        long[] counts = new long[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            int entries = rows;
            List<?> values = col.values();
            if (col.lists()) {
                // Levels of a 3-level list: repetition 0 starts a row, 1 continues it; definition 2 = an element.
                List<Integer> rep = new java.util.ArrayList<>();
                List<Integer> def = new java.util.ArrayList<>();
                List<Object> flat = new java.util.ArrayList<>();
                for (Object row : values) {
                    List<?> items = (List<?>) row;
                    if (items.isEmpty()) {
                        rep.add(0);
                        def.add(1);
                    }
                    for (int k = 0; k < items.size(); k++) {
                        rep.add(k == 0 ? 0 : 1);
                        def.add(2);
                        flat.add(items.get(k));
                    }
                }
                entries = rep.size();
                levels(data, rep);
                levels(data, def);
                values = flat;
            }
            for (Object v : values) {
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
            header.i32(1, entries);
            header.i32(2, 0); // PLAIN
            header.i32(3, 3); // RLE
            header.i32(4, 3);
            header.end();
            header.stop();
            counts[c] = entries;
            offsets[c] = out.size();
            out.writeBytes(header.bytes());
            out.writeBytes(page);
            sizes[c] = out.size() - offsets[c];
        }
        Compact meta = new Compact();
        meta.i32(1, 1);
        int lists = (int) columns.stream().filter(Column::lists).count();
        meta.list(2, Compact.STRUCT, columns.size() + 1 + 2 * lists);
        meta.element();
        meta.binary(4, "schema");
        meta.i32(5, columns.size());
        meta.end();
        for (Column col : columns) {
            if (col.lists()) {
                meta.element();
                meta.i32(3, 1); // OPTIONAL
                meta.binary(4, col.name());
                meta.i32(5, 1);
                meta.i32(6, 3); // LIST
                meta.end();
                meta.element();
                meta.i32(3, 2); // REPEATED
                meta.binary(4, "list");
                meta.i32(5, 1);
                meta.end();
                meta.element();
                meta.i32(1, 6);
                meta.i32(3, 0);
                meta.binary(4, "element");
                meta.i32(6, 0);
                meta.end();
                continue;
            }
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
            List<String> path = col.lists() ? List.of(col.name(), "list", "element") : List.of(col.name());
            meta.list(3, Compact.BINARY, path.size());
            for (String part : path) meta.raw(part);
            meta.i32(4, snappy ? 1 : 0); // SNAPPY or UNCOMPRESSED
            meta.i64(5, counts[c]);
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

    /** Levels in the RLE/bit-packed hybrid (runs only, one byte per value), with their 4-byte length. */
    private static void levels(ByteArrayOutputStream data, List<Integer> levels) {
        ByteArrayOutputStream runs = new ByteArrayOutputStream();
        for (int i = 0; i < levels.size(); ) {
            int j = i;
            while (j < levels.size() && levels.get(j).equals(levels.get(i))) j++;
            int header = (j - i) << 1;
            while ((header & ~0x7F) != 0) {
                runs.write((header & 0x7F) | 0x80);
                header >>>= 7;
            }
            runs.write(header);
            runs.write(levels.get(i));
            i = j;
        }
        data.writeBytes(le(4).putInt(runs.size()).array());
        data.writeBytes(runs.toByteArray());
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
