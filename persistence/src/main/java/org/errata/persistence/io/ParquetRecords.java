package org.errata.persistence.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hardwood.InputFile;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.RowReader;
import dev.hardwood.row.PqList;
import dev.hardwood.row.PqMap;
import dev.hardwood.row.PqStruct;
import dev.hardwood.row.StructAccessor;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.errata.persistence.db.PersistenceException;

/**
 * Parquet files (Hugging Face datasets, lighteval details) as records: each row a JSON object
 * with its columns by name, lists as arrays and structs as objects, so that every format reads
 * the same from Parquet as from JSON. Read with Hardwood ({@code dev.hardwood:hardwood-core}, pure
 * Java, no mandatory dependencies; Snappy pages through snappy-java). Rows are numbered from 1
 * for messages.
 */
final class ParquetRecords {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private ParquetRecords() {}

    /** Whether {@code file} starts with Parquet's magic bytes. */
    static boolean isParquet(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(4);
            return b.length == 4 && b[0] == 'P' && b[1] == 'A' && b[2] == 'R' && b[3] == '1';
        } catch (IOException e) {
            return false; // not readable: SourceRecords names the reason
        }
    }

    static List<SourceRecords.Entry> records(Path file) throws PersistenceException {
        List<SourceRecords.Entry> out = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(InputFile.of(file));
             RowReader rows = reader.rowReader()) {
            int row = 0;
            while (rows.hasNext()) {
                rows.next();
                row++;
                try {
                    out.add(new SourceRecords.Entry(row, struct(rows), null, false));
                } catch (RuntimeException bad) {
                    out.add(new SourceRecords.Entry(row, null, "cannot read the row: " + bad.getMessage(), false));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PersistenceException("cannot read " + file + " as Parquet: " + e.getMessage(), e);
        }
        return out;
    }

    private static ObjectNode struct(StructAccessor s) {
        ObjectNode o = NODES.objectNode();
        for (int i = 0; i < s.getFieldCount(); i++) {
            o.set(s.getFieldName(i), s.isNull(i) ? NODES.nullNode() : value(s.getValue(i)));
        }
        return o;
    }

    private static JsonNode value(Object v) {
        return switch (v) {
            case null -> NODES.nullNode();
            case String text -> NODES.textNode(text);
            case Boolean b -> NODES.booleanNode(b);
            case Integer i -> NODES.numberNode(i);
            case Long l -> NODES.numberNode(l);
            case Float f -> NODES.numberNode(new BigDecimal(Float.toString(f)));
            case Double d -> Double.isFinite(d) ? NODES.numberNode(BigDecimal.valueOf(d)) : NODES.textNode(d.toString());
            case BigDecimal d -> NODES.numberNode(d);
            case byte[] bytes -> NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
            case PqStruct s -> struct(s);
            case PqList l -> {
                ArrayNode a = NODES.arrayNode();
                for (int i = 0; i < l.size(); i++) a.add(l.isNull(i) ? NODES.nullNode() : value(l.get(i)));
                yield a;
            }
            case PqMap m -> NODES.textNode(m.toString());
            default -> NODES.textNode(v.toString());
        };
    }
}
