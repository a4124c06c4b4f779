package org.errata.persistence.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import org.errata.correction.trace.RunId;
import org.errata.persistence.db.Database;
import org.errata.persistence.db.PersistenceException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run lease on a real SQLite file: held, refused, released, and taken over from dead owners only. */
class RunLeaseTest {
    @TempDir Path dir;
    private Database db;
    private final RunId run = RunId.random();

    @BeforeEach
    void open() throws Exception {
        db = Database.open(dir.resolve("errata.db"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aHeldLeaseIsRefusedNamingItsOwnerAndFreedWhenReleased() throws Exception {
        RunLease lease = RunLease.acquire(db, run);
        long pid = ProcessHandle.current().pid();
        assertThatThrownBy(() -> RunLease.acquire(db, run))
                .isInstanceOf(RunLease.Refused.class)
                .hasMessageContaining("run " + run + " is being worked on by process " + pid + " on " + lease.owner().host());
        assertThat(RunLease.holder(db, run)).hasValueSatisfying(o -> assertThat(o.pid()).isEqualTo(pid));
        lease.close();
        assertThat(RunLease.holder(db, run)).isEmpty();
        RunLease.acquire(db, run).close();
    }

    @Test
    void theLeaseOfAProcessThatIsGoneIsTakenOver() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        plant(gone.pid(), RunLease.Owner.current(Instant.now()).host(), Instant.now());
        try (RunLease lease = RunLease.acquire(db, run)) {
            assertThat(lease.owner().pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(RunLease.holder(db, run)).hasValueSatisfying(o -> assertThat(o.pid()).isEqualTo(lease.owner().pid()));
        }
    }

    @Test
    void anotherHostsLeaseIsTakenOverOnlyWhenItsHeartbeatIsStale() throws Exception {
        plant(4242, "elsewhere.invalid", Instant.now());
        assertThatThrownBy(() -> RunLease.acquire(db, run)).isInstanceOf(RunLease.Refused.class)
                .hasMessageContaining("process 4242 on elsewhere.invalid");
        plant(4242, "elsewhere.invalid", Instant.now().minus(RunLease.STALE_AFTER).minus(Duration.ofSeconds(1)));
        RunLease.acquire(db, run).close();
    }

    @Test
    void anOwnerThatWasTakenOverDoesNotReleaseItsSuccessorsLease() throws Exception {
        RunLease old = RunLease.acquire(db, run);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        // As if the old owner had died and a successor had taken over: the row is no longer the old one's.
        plant(gone.pid(), "elsewhere.invalid", Instant.now());
        old.close();
        assertThat(RunLease.holder(db, run)).hasValueSatisfying(o -> assertThat(o.host()).isEqualTo("elsewhere.invalid"));
    }

    private void plant(long pid, String host, Instant heartbeat) throws PersistenceException {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT OR REPLACE INTO run_lease (run_id, token, owner_pid, host, process_start, started_at, heartbeat_at)
                    VALUES (?, 'planted', ?, ?, NULL, ?, ?)""")) {
                ps.setString(1, run.value());
                ps.setLong(2, pid);
                ps.setString(3, host);
                ps.setString(4, heartbeat.toString());
                ps.setString(5, heartbeat.toString());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
