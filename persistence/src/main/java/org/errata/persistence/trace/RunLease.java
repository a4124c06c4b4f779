package org.errata.persistence.trace;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.jspecify.annotations.Nullable;

/**
 * One owner per run: the right to write a run's traces, held by one process at a time as a row
 * of {@code run_lease}. {@link #acquire} checks and takes it in one {@code BEGIN IMMEDIATE}
 * transaction, so of two processes racing for a run exactly one wins; the other gets a
 * {@link Refused} naming the owner's process and host. A crashed owner's lease is taken over
 * safely: on the same host when its process is gone (or its pid now belongs to another process),
 * on another host when it has not beaten its heart for {@link #STALE_AFTER}. While held, a daemon
 * thread refreshes the heartbeat every {@link #HEARTBEAT}; {@link #close} releases it.
 */
public final class RunLease implements AutoCloseable {

    /** How often an owner refreshes its heartbeat. */
    public static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** A lease from another host whose heartbeat is older than this belongs to a dead owner. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private static final System.Logger LOG = System.getLogger(RunLease.class.getName());

    private static final String SELECT = """
            SELECT token, owner_pid, host, process_start, started_at, heartbeat_at FROM run_lease WHERE run_id = ?""";
    private static final String UPSERT = """
            INSERT INTO run_lease (run_id, token, owner_pid, host, process_start, started_at, heartbeat_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (run_id) DO UPDATE SET token = excluded.token, owner_pid = excluded.owner_pid,
                host = excluded.host, process_start = excluded.process_start, started_at = excluded.started_at,
                heartbeat_at = excluded.heartbeat_at""";
    private static final String BEAT = "UPDATE run_lease SET heartbeat_at = ? WHERE run_id = ? AND token = ?";
    private static final String RELEASE = "DELETE FROM run_lease WHERE run_id = ? AND token = ?";

    /** Who holds a lease. */
    public record Owner(long pid, String host, @Nullable String processStart, Instant startedAt, Instant heartbeatAt) {
        public Owner {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(heartbeatAt, "heartbeatAt");
        }

        /** This process, now. */
        static Owner current(Instant now) {
            ProcessHandle self = ProcessHandle.current();
            return new Owner(self.pid(), hostName(), startOf(self), now, now);
        }
    }

    /** Another live process owns the run. */
    public static final class Refused extends PersistenceException {
        private final transient Owner owner;

        Refused(RunId run, Owner owner) {
            super("run " + run + " is being worked on by process " + owner.pid() + " on " + owner.host()
                    + " (since " + owner.startedAt() + "); wait for it to end or stop it, then resume");
            this.owner = owner;
        }

        public Owner owner() {
            return owner;
        }
    }

    private final Database db;
    private final RunId run;
    private final String token;
    private final Owner owner;
    private final ScheduledExecutorService heart;
    private volatile boolean released;

    private RunLease(Database db, RunId run, String token, Owner owner) {
        this.db = db;
        this.run = run;
        this.token = token;
        this.owner = owner;
        this.heart = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "errata-run-lease");
            t.setDaemon(true);
            return t;
        });
        long period = HEARTBEAT.toMillis();
        heart.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease of {@code run} for this process.
     *
     * @throws Refused when a live owner holds it
     */
    public static RunLease acquire(Database db, RunId run) throws PersistenceException {
        String token = UUID.randomUUID().toString();
        Owner me = Owner.current(Instant.now());
        db.write(c -> {
            Owner holder = null;
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setString(1, run.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        holder = new Owner(rs.getLong("owner_pid"), rs.getString("host"), rs.getString("process_start"),
                                Instant.parse(rs.getString("started_at")), Instant.parse(rs.getString("heartbeat_at")));
                    }
                }
            }
            if (holder != null && alive(holder, me)) throw new Refused(run, holder);
            if (holder != null) {
                LOG.log(System.Logger.Level.INFO, "run " + run + ": taking over from process " + holder.pid() + " on "
                        + holder.host() + ", which is gone");
            }
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                ps.setString(1, run.value());
                ps.setString(2, token);
                ps.setLong(3, me.pid());
                ps.setString(4, me.host());
                ps.setString(5, me.processStart());
                ps.setString(6, me.startedAt().toString());
                ps.setString(7, me.heartbeatAt().toString());
                ps.executeUpdate();
            }
            return null;
        });
        return new RunLease(db, run, token, me);
    }

    /** Who holds the lease of {@code run}, if anyone (alive or not). */
    public static Optional<Owner> holder(Database db, RunId run) throws PersistenceException {
        return Optional.ofNullable(db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setString(1, run.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return null;
                    return new Owner(rs.getLong("owner_pid"), rs.getString("host"), rs.getString("process_start"),
                            Instant.parse(rs.getString("started_at")), Instant.parse(rs.getString("heartbeat_at")));
                }
            }
        }));
    }

    /**
     * Whether {@code holder} may still be working. On this host the process table answers (a pid
     * that now belongs to a process started at another time is a reused pid); on another host
     * only the heartbeat can.
     */
    static boolean alive(Owner holder, Owner me) {
        if (holder.host().equals(me.host())) {
            Optional<ProcessHandle> process = ProcessHandle.of(holder.pid());
            if (process.isEmpty() || !process.get().isAlive()) return false;
            String start = startOf(process.get());
            return holder.processStart() == null || start == null || holder.processStart().equals(start);
        }
        return Duration.between(holder.heartbeatAt(), me.heartbeatAt()).compareTo(STALE_AFTER) < 0;
    }

    public RunId run() {
        return run;
    }

    public Owner owner() {
        return owner;
    }

    private void beat() {
        if (released) return;
        try {
            db.write(c -> {
                try (PreparedStatement ps = c.prepareStatement(BEAT)) {
                    ps.setString(1, Instant.now().toString());
                    ps.setString(2, run.value());
                    ps.setString(3, token);
                    if (ps.executeUpdate() == 0) {
                        LOG.log(System.Logger.Level.WARNING, "run " + run + ": the lease is no longer this process's");
                    }
                }
                return null;
            });
        } catch (PersistenceException e) {
            // A missed beat only matters after STALE_AFTER of them; the next one tries again.
            LOG.log(System.Logger.Level.WARNING, "run " + run + ": cannot refresh the lease: " + e.getMessage(), e);
        }
    }

    /** Releases the lease (only if this process still holds it). */
    @Override
    public void close() throws PersistenceException {
        if (released) return;
        released = true;
        heart.shutdownNow();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(RELEASE)) {
                ps.setString(1, run.value());
                ps.setString(2, token);
                ps.executeUpdate();
            }
            return null;
        });
    }

    private static @Nullable String startOf(ProcessHandle process) {
        // Whole seconds: the start time is derived from clock ticks, and two readers must agree.
        return process.info().startInstant().map(i -> i.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                .orElse(null);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "localhost";
        }
    }
}
