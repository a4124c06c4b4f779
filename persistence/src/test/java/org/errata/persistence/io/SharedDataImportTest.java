package org.errata.persistence.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.errata.correction.trace.ProblemId;
import org.errata.persistence.dataset.DatasetStore;
import org.errata.persistence.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports the real benchmark files when the build points at them (skipped otherwise). */
class SharedDataImportTest {
    @TempDir Path dir;

    @Test
    void importsTheSharedBenchmarkFiles() throws Exception {
        String prop = System.getProperty("errata.shared.data");
        assumeTrue(prop != null && Files.isDirectory(Path.of(prop)), "no shared data folder");
        Path data = Path.of(prop);
        try (Database db = Database.open(dir.resolve("errata.db"))) {
            Importer importer = new Importer(db);
            DatasetStore ds = new DatasetStore(db);
            String[][] files = {{"gsm8k_test.jsonl", "1319"}, {"math500_test.jsonl", "500"},
                    {"aime24_test.jsonl", "30"}, {"amc23_test.jsonl", "40"}};
            for (String[] f : files) {
                Path file = data.resolve(f[0]);
                assumeTrue(Files.isRegularFile(file), "missing " + file);
                ImportReport r = importer.importFile(file, ImportOptions.defaults("test"));
                assertThat(r.problems()).as(f[0]).isEqualTo(Integer.parseInt(f[1]));
                assertThat(ds.problemCount(r.dataset())).isEqualTo(Integer.parseInt(f[1]));
            }
            assertThat(ds.problem(ProblemId.of("gsm8k_test", "0")).orElseThrow().goldAnswer()).isEqualTo("18");
            assertThat(ds.problems("amc23_test", 0, 1).getFirst().goldAnswer()).isEqualTo("27");
            assertThat(ds.problems("aime24_test", 0, 1).getFirst().goldAnswer()).isEqualTo("204");
            assertThat(ds.problems("math500_test", 0, 1).getFirst().goldAnswer())
                    .isEqualTo("\\left( 3, \\frac{\\pi}{2} \\right)");
            assertThat(ds.searchProblems("ducks", 5)).isNotEmpty();
        }
    }
}
