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
import org.flywaydb.core.Flyway;
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
    void aNewDatabaseCarriesErratasApplicationId() throws Exception {
        Path file = dir.resolve("new.db");
        try (Database db = Database.open(file)) {
            assertThat(db.<String>read(c -> pragma(c, "application_id"))).isEqualTo(String.valueOf(Database.APPLICATION_ID));
        }
        assertThat(applicationIdInHeader(file)).isEqualTo(Database.APPLICATION_ID);
    }

    @Test
    void aDatabaseFromBeforeTheMarkerIsRecognisedByItsHistoryAndMarked() throws Exception {
        Path file = dir.resolve("old.db");
        // What an earlier Errata left: schema 2, no application id, a dataset in it.
        Flyway.configure(Database.class.getClassLoader()).dataSource("jdbc:sqlite:" + file, null, null)
                .locations("classpath:db/migration").target("2").load().migrate();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            st.execute("INSERT INTO dataset (name, format, created_at) VALUES ('kept', 'jsonl', '2025-01-01T00:00:00Z')");
        }
        assertThat(applicationIdInHeader(file)).isZero();
        try (Database db = Database.open(file)) {
            assertThat(db.<String>read(c -> pragma(c, "application_id"))).isEqualTo(String.valueOf(Database.APPLICATION_ID));
            assertThat(new org.errata.persistence.dataset.DatasetStore(db).dataset("kept")).isPresent();
        }
        try (Database again = Database.open(file)) {
            assertThat(again.<String>read(c -> pragma(c, "application_id"))).isEqualTo(String.valueOf(Database.APPLICATION_ID));
        }
    }

    @Test
    void anotherFlywayApplicationsDatabaseIsNeitherSwitchedToWalNorMigrated() throws Exception {
        Path file = dir.resolve("other-app.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            st.execute(FLYWAY_HISTORY);
            st.execute("""
                    INSERT INTO flyway_schema_history VALUES
                    (1, '1', 'init', 'SQL', 'V1__init.sql', 12345, 'app', '2024-01-01 00:00:00', 5, 1)""");
            st.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)");
            st.execute("INSERT INTO accounts (owner) VALUES ('someone')");
        }
        assertRefusedUntouched(file, "is another application's database (its schema history starts with V1__init.sql");
    }

    @Test
    void aSqliteFileWithAnEmptySchemaHistoryDoesNotGetErratasSchema() throws Exception {
        Path file = dir.resolve("empty-history.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            st.execute(FLYWAY_HISTORY);
        }
        assertRefusedUntouched(file, "with an empty schema history, not an Errata one");
    }

    @Test
    void aFileMarkedByAnotherApplicationIsRefusedEvenWhenEmpty() throws Exception {
        Path file = dir.resolve("marked.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            st.execute("PRAGMA application_id = 42");
        }
        assertRefusedUntouched(file, "belongs to another application (SQLite application id 0x2a)");
    }

    /** The table Flyway keeps its history in, as another Flyway application would have it. */
    private static final String FLYWAY_HISTORY = """
            CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50),
                description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL,
                checksum INT, installed_by VARCHAR(100) NOT NULL, installed_on TEXT NOT NULL,
                execution_time INT NOT NULL, success BOOLEAN NOT NULL)""";

    private void assertRefusedUntouched(Path file, String why) throws Exception {
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(PersistenceException.class)
                .hasMessageStartingWith(file.toAbsolutePath().toString())
                .hasMessageContaining(why)
                .hasMessageEndingWith("it was left untouched")
                .hasMessageNotContaining("\n");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Path.of(file + "-wal")).doesNotExist();
    }

    /** The application id as SQLite stores it: four big-endian bytes at offset 68 of the header. */
    private static int applicationIdInHeader(Path file) throws Exception {
        byte[] header = new byte[100];
        try (var in = Files.newInputStream(file)) {
            assertThat(in.readNBytes(header, 0, 100)).isEqualTo(100);
        }
        return java.nio.ByteBuffer.wrap(header, 68, 4).getInt();
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
                    SELECT MAX(installed_rank) + 1, '%1$d', 'future', 'SQL', 'V%1$d__future.sql', 0, 'x', '2030-01-01', 1, 1
                    FROM flyway_schema_history""".formatted(Database.SCHEMA_VERSION + 1));
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(PersistenceException.class)
                .hasMessageContaining("was written by a newer Errata (schema " + (Database.SCHEMA_VERSION + 1)
                        + "; this build knows up to " + Database.SCHEMA_VERSION + ")");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aCurrentSchemaOpensWithoutFlywayAndAnOlderOneIsMigrated(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("current.db");
        try (Database ignored = Database.open(file)) {
            // migrated to the current schema
        }
        // Flyway validates the checksums of applied migrations before it migrates; a changed one stops it.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'");
        }
        assertThatThrownBy(() -> Flyway.configure(Database.class.getClassLoader()).dataSource("jdbc:sqlite:" + file, null, null)
                .locations("classpath:db/migration").load().migrate())
                .hasMessageContaining("checksum mismatch");
        try (Database db = Database.open(file)) {
            String journal = db.read(c -> pragma(c, "journal_mode"));
            assertThat(journal).isEqualTo("wal");
        }

        Path older = dir.resolve("older.db");
        Flyway.configure(Database.class.getClassLoader()).dataSource("jdbc:sqlite:" + older, null, null)
                .locations("classpath:db/migration").target(String.valueOf(Database.SCHEMA_VERSION - 1)).load().migrate();
        try (Database ignored = Database.open(older)) {
            // Flyway ran: the newest migration is applied
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + older); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history WHERE success = 1")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(Database.SCHEMA_VERSION);
        }
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
