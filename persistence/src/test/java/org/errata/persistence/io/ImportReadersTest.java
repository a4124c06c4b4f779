package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.errata.correction.trace.Problem;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layouts an import file may have, and the bad input each must name by file and line. */
class ImportReadersTest {
    @TempDir Path dir;
    Database db;

    static final String P1 = "{\"key\": \"a\", \"problem\": \"What is 1+1?\", \"answer\": \"2\"}";
    static final String P2 = "{\"key\": \"b\", \"problem\": \"What is 2+2?\", \"answer\": \"4\"}";
    static final String PRETTY = """
            {
              "key": "a",
              "problem": "What is 1+1?",
              "answer": "2"
            }
            {
              "key": "b",
              "problem": "What is 2+2?",
              "answer": "4"
            }
            """;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private Path write(String name, String text) throws IOException {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private ImportReport importFile(Path f, boolean skipBad) throws PersistenceException {
        return new Importer(db).importFile(f, new ImportOptions("d", null, skipBad, "test"));
    }

    private List<String> golds() throws PersistenceException {
        return new DatasetStore(db).problems("d", 0, 10).stream().map(Problem::goldAnswer).toList();
    }

    @Test
    void jsonLinesJsonArrayPrettyJsonAndTheirGzipAllReadTheSameProblems() throws Exception {
        String array = "[\n  " + P1 + ",\n  " + P2 + "\n]\n";
        String compactArray = "[" + P1 + "," + P2 + "]";
        String lines = P1 + "\n\n" + P2 + "\n";
        List<Path> files = List.of(write("l.jsonl", lines), write("a.json", array), write("c.json", compactArray),
                write("p.json", PRETTY), write("l.jsonl.gz", gzip(lines)), write("a.json.gz", gzip(array)),
                write("p.json.gz", gzip(PRETTY)), write("bom.jsonl", "\uFEFF" + lines));
        for (Path f : files) {
            try (Database fresh = Database.open(dir.resolve(f.getFileName() + ".db"))) {
                ImportReport r = new Importer(fresh).importFile(f, new ImportOptions("d", null, false, "test"));
                assertThat(r.problems()).as(f.getFileName().toString()).isEqualTo(2);
                assertThat(new DatasetStore(fresh).problems("d", 0, 10)).extracting(Problem::goldAnswer)
                        .as(f.getFileName().toString()).containsExactly("2", "4");
            }
        }
        assertThat(Importer.defaultDatasetName(Path.of("x/gsm8k_test.jsonl.gz"))).isEqualTo("gsm8k_test");
    }

    @Test
    void aSecondValueOnOneLineIsRefusedWithItsLine() throws Exception {
        Path f = write("two.jsonl", P1 + "\n" + P2 + " " + P1 + "\n");
        assertThatThrownBy(() -> importFile(f, false)).isInstanceOf(ImportException.class)
                .hasMessageContaining("two.jsonl:2: trailing content");
        assertThat(new DatasetStore(db).problemCount("d")).isZero();
        Path pretty = write("two.json", "{\"key\": \"a\", \"problem\": \"x\",\n \"answer\": 1} {\"key\": \"b\", \"problem\": \"y\"}\n");
        assertThatThrownBy(() -> importFile(pretty, true)).hasMessageContaining("two.json:2: trailing content");
        Path afterArray = write("after.json", "[" + P1 + "]\n" + P2 + "\n");
        assertThatThrownBy(() -> importFile(afterArray, false)).hasMessageContaining("after.json:2: trailing content after the JSON array");
    }

    @Test
    void invalidUtf8IsNamedByLineAndSkippable() throws Exception {
        byte[] bad = (P1 + "\n{\"key\": \"c\", \"problem\": \"caf").getBytes(StandardCharsets.UTF_8);
        byte[] rest = ("\"}\n" + P2 + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bad.length + 1 + rest.length];
        System.arraycopy(bad, 0, all, 0, bad.length);
        all[bad.length] = (byte) 0xE9; // Latin-1 é
        System.arraycopy(rest, 0, all, bad.length + 1, rest.length);
        Path f = write("latin1.jsonl", all);
        assertThatThrownBy(() -> importFile(f, false)).hasMessageContaining("latin1.jsonl:2: not UTF-8 text (byte 0xE9");
        ImportReport r = importFile(f, true);
        assertThat(r.problems()).isEqualTo(2);
        assertThat(r.skipped()).extracting(BadLine::line).containsExactly(2);
        Path arrayFile = write("latin1.json", concat(("[\n" + P1 + ",\n{\"key\": \"c\", \"problem\": \"caf").getBytes(StandardCharsets.UTF_8),
                new byte[] {(byte) 0xE9}, "\"}\n]".getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> importFile(arrayFile, false)).hasMessageContaining("latin1.json:3: not UTF-8 text");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    @Test
    void aNumberOutOfRangeIsABadLineEvenWithSkipBad() throws Exception {
        Path f = write("big.jsonl", P1 + "\n{\"idx\": 1e400, \"problem\": \"x\", \"answer\": 3}\n" + P2 + "\n");
        assertThatThrownBy(() -> importFile(f, false)).isInstanceOf(ImportException.class)
                .hasMessageContaining("big.jsonl:2: number 1E+400 is out of range");
        ImportReport r = importFile(f, true);
        assertThat(r.problems()).isEqualTo(2);
        assertThat(r.skipped()).singleElement().satisfies(b -> assertThat(b.toString()).contains("big.jsonl:2:"));
        assertThat(golds()).containsExactly("2", "4");
    }

    @Test
    void aBadFirstLineIsSkippedWithSkipBad() throws Exception {
        Path f = write("first.jsonl", "{not json}\n" + P1 + "\n" + P2 + "\n");
        assertThatThrownBy(() -> importFile(f, false)).hasMessageContaining("first.jsonl:1: not JSON");
        ImportReport r = importFile(f, true);
        assertThat(r.problems()).isEqualTo(2);
        assertThat(r.skipped()).extracting(BadLine::line).containsExactly(1);
        Path undetectable = write("odd.jsonl", "{\"x\": 1}\n" + P1 + "\n");
        assertThat(importFile(undetectable, true).skipped()).extracting(BadLine::line).containsExactly(1);
        Path allBad = write("bad.jsonl", "{not json}\n[1\n");
        assertThatThrownBy(() -> importFile(allBad, true)).hasMessageContaining("holds no value Errata can read")
                .hasMessageContaining("bad.jsonl:1:");
    }

    @Test
    void aBrokenArrayCannotBeSkippedPastAndSaysSo() throws Exception {
        Path f = write("broken.json", "[\n" + P1 + ",\n{\"key\": \"b\",, }\n]\n");
        assertThatThrownBy(() -> importFile(f, true)).hasMessageContaining("broken.json:3: not JSON")
                .hasMessageContaining("cannot skip");
        assertThat(new DatasetStore(db).problemCount("d")).isZero();
    }

    @Test
    void aMissingPathOrADirectorySaysWhy() {
        assertThatThrownBy(() -> importFile(dir.resolve("nope.jsonl"), false)).hasMessageEndingWith("nope.jsonl: no such file");
        assertThatThrownBy(() -> importFile(dir, false)).hasMessageEndingWith(": it is a directory");
    }

    @Test
    void aDatasetNameWithASlashIsRefusedSoProblemIdsCannotCollide() throws Exception {
        Path f = write("p.jsonl", "{\"key\": \"x/1\", \"problem\": \"q\", \"answer\": 1}\n");
        new Importer(db).importFile(f, new ImportOptions("d", null, false, "test"));
        Path g = write("q.jsonl", "{\"key\": \"1\", \"problem\": \"other\", \"answer\": 2}\n");
        assertThatThrownBy(() -> new Importer(db).importFile(g, new ImportOptions("d/x", null, false, "test")))
                .hasMessageContaining("dataset name 'd/x' may not contain '/'");
        assertThat(new DatasetStore(db).problems("d", 0, 10)).singleElement()
                .satisfies(p -> assertThat(p.text()).isEqualTo("q"));
    }
}
