package org.errata.persistence.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * An open Errata database file. {@link #open(Path)} first recognises the file, read-only, by
 * its {@link #APPLICATION_ID} (or, for databases from before the marker, by Errata's migrations
 * in its history); it refuses anything else (never touching it) and databases written by a newer
 * schema, then migrates older ones with Flyway. Connections use WAL, foreign keys and a busy timeout. Reads share a small connection
 * pool and run in a read transaction (one consistent snapshot); writes run in
 * {@code BEGIN IMMEDIATE} transactions.
 */
public final class Database implements AutoCloseable {
    /** The highest schema version (Flyway migration) this build knows. */
    public static final int SCHEMA_VERSION = 9;

    /**
     * The SQLite application id in the header of every Errata database ("Errt"), set by the
     * migration {@code V4__errata_marker.sql}.
     */
    public static final int APPLICATION_ID = 0x45727274;

    /** Errata's first migration: how a database from before the marker is recognised. */
    private static final String FIRST_MIGRATION = "V1__trace_schema.sql";

    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int BUSY_TIMEOUT_MS = 30_000;
    private static final int MAX_IDLE_READERS = 4;

    private final Path file;
    private final ConcurrentLinkedDeque<Connection> idleReaders = new ConcurrentLinkedDeque<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile boolean closed;
    private @Nullable Connection writer;

    private Database(Path file) {
        this.file = file;
    }

    /** Opens (creating when absent) and migrates the database at {@code file}. */
    public static Database open(Path file) throws PersistenceException {
        Path absolute = file.toAbsolutePath().normalize();
        boolean current = validate(absolute);
        try {
            Path parent = absolute.getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new PersistenceException("cannot create the folder of " + absolute + ": " + e.getMessage(), e);
        }
        Database db = new Database(absolute);
        try {
            if (!current) migrate(db.dataSource(false));
            db.writer = db.dataSource(true).getConnection();
        } catch (FlywayException | SQLException e) {
            db.close();
            throw new PersistenceException("cannot migrate " + absolute + ": " + e.getMessage(), e);
        }
        return db;
    }

    /**
     * Brings the schema to {@link #SCHEMA_VERSION} with Flyway, the one home of the migrations.
     * Flyway is only called when the schema is not current: scanning the class path for migrations
     * and validating their checksums takes a second or more of a loaded two-core machine, and the
     * workbench waits for it on every start.
     */
    private static void migrate(SQLiteDataSource dataSource) {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .loggers("slf4j")
                .load()
                .migrate();
    }

    /**
     * Checks, without modifying anything, that {@code file} is absent, empty or an Errata database
     * we can read; returns whether it is current: its schema history holds {@link #SCHEMA_VERSION}
     * as the newest version and no failed migration, so there is nothing for Flyway to do. The file is opened read-only. An Errata database says so in its header
     * ({@link #APPLICATION_ID}); one made before the marker existed (schema 1 to 3) has no id and
     * is recognised by Errata's first migration in its Flyway history. Everything else is refused
     * with a one-line message naming the file: another application's id, a schema history that
     * is empty or not Errata's (another Flyway application), or tables with no history at all.
     */
    static boolean validate(Path file) throws PersistenceException {
        if (Files.isDirectory(file)) {
            throw new PersistenceException(file + " is a folder, not an Errata database");
        }
        long size;
        try {
            if (!Files.exists(file) || (size = Files.size(file)) == 0) return false;
        } catch (IOException e) {
            throw new PersistenceException("cannot read " + file + ": " + e.getMessage(), e);
        }
        byte[] header = new byte[SQLITE_HEADER.length];
        try (InputStream in = Files.newInputStream(file)) {
            int read = in.readNBytes(header, 0, header.length);
            if (size < SQLITE_HEADER.length || read < header.length || !Arrays.equals(header, SQLITE_HEADER)) {
                throw new PersistenceException(file + " is not an Errata database (not a SQLite file); it was left untouched");
            }
        } catch (IOException e) {
            throw new PersistenceException("cannot read " + file + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        try (Connection c = config.createConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            int applicationId;
            try (ResultSet rs = st.executeQuery("PRAGMA application_id")) {
                applicationId = rs.next() ? rs.getInt(1) : 0;
            }
            if (applicationId != 0 && applicationId != APPLICATION_ID) {
                throw new PersistenceException(file + " belongs to another application (SQLite application id 0x"
                        + Integer.toHexString(applicationId) + "), not Errata; it was left untouched");
            }
            Set<String> tables = new HashSet<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            if (tables.isEmpty() && applicationId == 0) return false;
            if (!tables.contains("flyway_schema_history")) {
                throw new PersistenceException(file + " is a SQLite database but not an Errata one (no schema history);"
                        + " it was left untouched");
            }
            if (applicationId == 0) {
                String first;
                try (ResultSet rs = st.executeQuery("""
                        SELECT script FROM flyway_schema_history
                        WHERE version = '1' AND success = 1 ORDER BY installed_rank LIMIT 1""")) {
                    first = rs.next() ? rs.getString(1) : null;
                }
                if (first == null) {
                    throw new PersistenceException(file + " is a SQLite database with an empty schema history, not an Errata one;"
                            + " it was left untouched");
                }
                if (!FIRST_MIGRATION.equals(first)) {
                    throw new PersistenceException(file + " is another application's database (its schema history starts with "
                            + first + ", not Errata's " + FIRST_MIGRATION + "); it was left untouched");
                }
            }
            int version;
            try (ResultSet rs = st.executeQuery("""
                    SELECT MAX(CAST(version AS INTEGER)) FROM flyway_schema_history
                    WHERE success = 1 AND version IS NOT NULL""")) {
                version = rs.next() ? rs.getInt(1) : 0;
            }
            if (version > SCHEMA_VERSION) {
                throw new PersistenceException(file + " was written by a newer Errata (schema " + version
                        + "; this build knows up to " + SCHEMA_VERSION + ")");
            }
            if (version < SCHEMA_VERSION) return false;
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 0")) {
                return rs.next() && rs.getInt(1) == 0;
            }
        } catch (SQLException e) {
            throw new PersistenceException(file + " cannot be read as a SQLite database: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    private SQLiteDataSource dataSource(boolean durable) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // synchronous=NORMAL under WAL: a commit is appended to the WAL without an fsync (the WAL is
        // synced at checkpoints). A killed or crashed process loses nothing committed, since the OS
        // still has the writes; only a power cut or kernel crash can lose the last transactions,
        // never corrupt the file. That is acceptable for streamed trace events (a resumed run redoes
        // the unfinished trees). FULL (an fsync per commit) is kept for the single writes through
        // write(), such as a human label, which must survive a power cut.
        config.setSynchronous(durable ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // 32 MiB of page cache (default 2 MiB): random UUID keys touch index pages all over the file.
        config.setCacheSize(-32_768);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // Nothing reads generated keys; with them on, every insert runs a second query for them.
        config.setGetGeneratedKeys(false);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return ds;
    }

    /**
     * A new connection with the store's settings; the caller closes it. Used by the trace writer
     * thread, whose batches survive a crash of the process but not necessarily a power cut
     * (synchronous=NORMAL; see {@code dataSource}).
     */
    public Connection connect() throws SQLException {
        return dataSource(false).getConnection();
    }

    /** Runs {@code work} in one read transaction on a pooled connection: it sees one consistent snapshot. */
    public <T> T read(SqlWork<T> work) throws PersistenceException {
        ensureOpen();
        @Nullable Connection c = idleReaders.pollFirst();
        try {
            if (c == null) c = connect();
            try (Statement st = c.createStatement()) {
                st.execute("BEGIN DEFERRED");
            }
            try {
                return work.apply(c);
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("COMMIT");
                }
            }
        } catch (SQLException e) {
            closeQuietly(c);
            c = null;
            throw new PersistenceException("reading " + file + " failed: " + e.getMessage(), e);
        } finally {
            if (c != null) release(c);
        }
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction on the shared write connection:
     * committed (durably: synchronous=FULL) when it returns, rolled back when it throws.
     */
    public <T> T write(SqlWork<T> work) throws PersistenceException {
        ensureOpen();
        writeLock.lock();
        try {
            Connection c = writer;
            if (c == null) throw new PersistenceException(file + " is closed");
            return inImmediateTransaction(c, work);
        } catch (SQLException e) {
            throw new PersistenceException("writing " + file + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Like {@link #write}, with another database file attached as {@code alias} for the duration
     * (SQLite cannot attach inside a transaction, so this attaches first).
     */
    public <T> T writeAttached(Path other, String alias, SqlWork<T> work) throws PersistenceException {
        if (!alias.matches("[a-z_]+")) throw new IllegalArgumentException("alias " + alias);
        ensureOpen();
        writeLock.lock();
        try {
            Connection c = writer;
            if (c == null) throw new PersistenceException(file + " is closed");
            try (java.sql.PreparedStatement attach = c.prepareStatement("ATTACH DATABASE ? AS " + alias)) {
                attach.setString(1, other.toString());
                attach.execute();
            }
            try {
                return inImmediateTransaction(c, work);
            } finally {
                try (Statement st = c.createStatement()) {
                    st.execute("DETACH DATABASE " + alias);
                }
            }
        } catch (SQLException e) {
            throw new PersistenceException("writing " + file + " failed: " + e.getMessage(), e);
        } finally {
            writeLock.unlock();
        }
    }

    /** {@code BEGIN IMMEDIATE} ... {@code COMMIT} on {@code c}, rolled back when {@code work} throws. */
    public static <T> T inImmediateTransaction(Connection c, SqlWork<T> work) throws SQLException, PersistenceException {
        try (Statement st = c.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
        }
        try {
            T result = work.apply(c);
            try (Statement st = c.createStatement()) {
                st.execute("COMMIT");
            }
            return result;
        } catch (Throwable failure) {
            try (Statement st = c.createStatement()) {
                st.execute("ROLLBACK");
            } catch (SQLException rollbackFailure) {
                // SQLite may already have rolled back; report the original failure, keep this one with it.
                failure.addSuppressed(rollbackFailure);
            }
            throw failure;
        }
    }

    private void release(Connection c) {
        if (closed || idleReaders.size() >= MAX_IDLE_READERS) {
            closeQuietly(c);
        } else {
            idleReaders.addFirst(c);
        }
    }

    private void ensureOpen() throws PersistenceException {
        if (closed) throw new PersistenceException(file + " is closed");
    }

    private static void closeQuietly(@Nullable Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException e) {
            // Closing a connection we are discarding: nothing is lost, the file stays consistent.
            System.getLogger(Database.class.getName()).log(System.Logger.Level.DEBUG, "close failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idleReaders.pollFirst()) != null) closeQuietly(c);
        writeLock.lock();
        try {
            closeQuietly(writer);
            writer = null;
        } finally {
            writeLock.unlock();
        }
    }
}
