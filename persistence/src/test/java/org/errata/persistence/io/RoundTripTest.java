package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export, import the export, export again: the two exports are byte for byte the same, for every importable format. */
class RoundTripTest {
    @TempDir Path dir;

    private byte[] exportImportExport(String fixture, String dataset, ExportFormat format, boolean ofDataset) throws Exception {
        Path first = dir.resolve(fixture + "." + format.wireName() + ".1");
        Path second = dir.resolve(fixture + "." + format.wireName() + ".2");
        try (Database a = Database.open(dir.resolve(fixture + format + "a.db"))) {
            ImportReport r = new Importer(a).importFile(ImportExportTest.fixture(fixture), new ImportOptions(dataset, null, false, "test"));
            export(a, ofDataset ? null : r.run(), dataset, format, first);
        }
        try (Database b = Database.open(dir.resolve(fixture + format + "b.db"))) {
            ImportReport r = new Importer(b).importFile(first, new ImportOptions(dataset, null, false, "test"));
            export(b, ofDataset ? null : r.run(), dataset, format, second);
        }
        byte[] one = Files.readAllBytes(first);
        assertThat(one).as(fixture + " " + format).isNotEmpty();
        assertThat(Files.readString(second)).as(fixture + " as " + format.wireName()).isEqualTo(Files.readString(first));
        return one;
    }

    private static void export(Database db, RunId run, String dataset, ExportFormat format, Path out) throws Exception {
        if (run == null) new Exporter(db).exportDataset(dataset, format, out);
        else new Exporter(db).exportRun(run, format, out);
    }

    @Test
    void problemsRoundTripByteForByte() throws Exception {
        for (String f : List.of("gsm8k.jsonl", "math500.jsonl", "aime.jsonl", "amc.jsonl", "metamath.jsonl")) {
            exportImportExport(f, "d", ExportFormat.JSONL, true);
        }
    }

    @Test
    void runTracesRoundTripByteForByte() throws Exception {
        for (String f : List.of("samples.jsonl", "samples_ungraded.jsonl", "processbench.jsonl", "prm800k.jsonl", "gsm8k_solutions.jsonl")) {
            exportImportExport(f, "d", ExportFormat.JSONL, false);
        }
    }

    @Test
    void keysKeepTheOrderTheyWereMadeInNotAnOrderThatChangesWithEachJvm() throws Exception {
        Path f = dir.resolve("extra.jsonl");
        Files.writeString(f, "{\"problem\": \"q\", \"answer\": 1, \"zeta\": 1, \"alpha\": 2, \"mid\": 3, \"beta\": 4, \"omega\": 5, \"gamma\": 6}\n");
        byte[] problems = Files.readAllBytes(f);
        assertThat(problems).isNotEmpty();
        Path out = dir.resolve("extra-out.jsonl");
        try (Database a = Database.open(dir.resolve("extra.db"))) {
            new Importer(a).importFile(f, new ImportOptions("d", null, false, "test"));
            new Exporter(a).exportDataset("d", ExportFormat.JSONL, out);
        }
        assertThat(Files.readString(out)).isEqualTo(
                "{\"key\":\"0\",\"problem\":\"q\",\"answer\":\"1\",\"zeta\":1,\"alpha\":2,\"mid\":3,\"beta\":4,\"omega\":5,\"gamma\":6}\n");
        byte[] run = exportImportExport("gsm8k_solutions.jsonl", "d", ExportFormat.JSONL, false);
        assertThat(new String(run, java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"parameters\":{\"format\":\"gsm8k-solutions\",\"source\":\"gsm8k_solutions.jsonl\",\"model\":\"small_model\",\"grading\":{")
                .contains("\"nodes\":[{\"kind\":\"attempt\",\"node\":{");
    }

    @Test
    void processBenchAndPrm800kRoundTripByteForByte() throws Exception {
        exportImportExport("processbench.jsonl", "d", ExportFormat.PROCESSBENCH, false);
        exportImportExport("prm800k.jsonl", "d", ExportFormat.PRM800K, false);
        exportImportExport("prm800k_full.json", "d", ExportFormat.PRM800K, false);
        exportImportExport("prm800k_full.json", "d", ExportFormat.JSONL, false);
    }
}
