package org.errata.persistence.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir Path dir;

    @Test
    void migratesAnEmptyFileAndCreatesParentFolders() throws Exception {
        Path file = dir.resolve("a/b/errata.db");
        try (Database db = Database.open(file)) {
            Set<String> tables = db.read(c -> {
                Set<String> names = new HashSet<>();
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")) {
                    while (rs.next()) names.add(rs.getString(1));
                }
                return names;
            });
            assertThat(tables).contains("dataset", "problem", "run", "trace", "node", "problem_fts", "attempt_fts",
                    "node_by_trace", "problem_by_dataset", "flyway_schema_history");
            String mode = db.read(c -> pragma(c, "journal_mode"));
            assertThat(mode).isEqualToIgnoringCase("wal");
            String fk = db.read(c -> pragma(c, "foreign_keys"));
            assertThat(fk).isEqualTo("1");
        }
        // Opening again is a no-op migration.
        try (Database db = Database.open(file)) {
            assertThat(db.file()).isEqualTo(file.toAbsolutePath());
        }
    }

    @Test
    void aZeroByteFileIsTreatedAsNew() throws Exception {
        Path file = dir.resolve("empty.db");
        Files.createFile(file);
        try (Database ignored = Database.open(file)) {
            assertThat(Files.size(file)).isGreaterThan(0);
        }
    }

    @Test
    void refusesAFileThatIsNotSqliteAndLeavesItUntouched() throws Exception {
        Path file = dir.resolve("notes.db");
        byte[] content = "these are my notes, not a database\n".repeat(20).getBytes(StandardCharsets.UTF_8);
        Files.write(file, content);
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("not an Errata database");
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(dir.resolve("notes.db-wal")).doesNotExist();
    }

    @Test
    void refusesAForeignSqliteDatabaseAndLeavesItUntouched() throws Exception {
        Path file = dir.resolve("other.sqlite");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE contacts (name TEXT)");
            st.execute("INSERT INTO contacts VALUES ('x')");
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("not an Errata one");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void refusesADatabaseWrittenByANewerSchema() throws Exception {
        Path file = dir.resolve("future.db");
        try (Database ignored = Database.open(file)) {
            // migrated to the current schema
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            st.execute("""
                    INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,
                        checksum, installed_by, installed_on, execution_time, success)
                    SELECT MAX(installed_rank) + 1, '7', 'future', 'SQL', 'V7__future.sql', 0, 'x', '2030-01-01', 1, 1
                    FROM flyway_schema_history""");
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("was written by a newer Errata (schema 7; this build knows up to "
                        + Database.SCHEMA_VERSION + ")");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void schemaVersionMatchesTheNewestMigrationFile() throws Exception {
        Path migrations = Path.of(Database.class.getResource("/db/migration").toURI());
        int newest;
        try (var files = Files.list(migrations)) {
            newest = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
                    .max().orElseThrow();
        }
        assertThat(Database.SCHEMA_VERSION).isEqualTo(newest);
    }

    @Test
    void defaultPathHonoursErrataDbThenXdgThenHome() {
        Path home = Path.of("/home/u");
        assertThat(DataPaths.defaultDatabase(Map.of("ERRATA_DB", "/x/y.db", "XDG_DATA_HOME", "/xdg"), home))
                .isEqualTo(Path.of("/x/y.db"));
        assertThat(DataPaths.defaultDatabase(Map.of("XDG_DATA_HOME", "/xdg"), home))
                .isEqualTo(Path.of("/xdg/errata/errata.db"));
        assertThat(DataPaths.defaultDatabase(Map.of("XDG_DATA_HOME", "relative"), home))
                .isEqualTo(Path.of("/home/u/.local/share/errata/errata.db"));
        assertThat(DataPaths.defaultDatabase(Map.of(), home))
                .isEqualTo(Path.of("/home/u/.local/share/errata/errata.db"));
    }

    private static String pragma(Connection c, String name) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
