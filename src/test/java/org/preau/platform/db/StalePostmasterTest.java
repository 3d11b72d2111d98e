package org.preau.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a start does with a {@code postmaster.pid} it finds: never touch what is not ours, stop what is. */
class StalePostmasterTest {

    @TempDir
    Path data;

    @Test
    void aLockFileNamingAProcessThatIsNotOurPostgresIsRemovedAndTheProcessLeftAlone() throws Exception {
        Path pgData = Files.createDirectories(data.resolve("postgresql"));
        Process stranger = new ProcessBuilder("sleep", "120").start();
        try {
            // As PostgreSQL writes it, but the pid now belongs to something else (pid reuse after a reboot).
            Files.writeString(
                    pgData.resolve(StalePostmaster.LOCK_FILE),
                    stranger.pid() + "\n" + pgData + "\n1700000000\n5432\n\n127.0.0.1\n  1234   5678\nready   \n");

            var outcome = new StalePostmaster(pgData, Duration.ofSeconds(1)).clear();

            assertThat(outcome).isEqualTo(StalePostmaster.Outcome.STALE_LOCK_REMOVED);
            assertThat(stranger.isAlive())
                    .as("a process that is not our postgres")
                    .isTrue();
            assertThat(pgData.resolve(StalePostmaster.LOCK_FILE)).doesNotExist();
        } finally {
            stranger.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPostgresOfAnotherDataDirectoryIsNotOurs() throws Exception {
        try (var other = EmbeddedCluster.start(data.resolve("other"))) {
            long pid = pid(other.dataDirectory());
            Path mine = Files.createDirectories(data.resolve("mine/postgresql"));
            Files.writeString(mine.resolve(StalePostmaster.LOCK_FILE), pid + "\n" + mine + "\n");

            assertThat(new StalePostmaster(mine, Duration.ofSeconds(1)).clear())
                    .isEqualTo(StalePostmaster.Outcome.STALE_LOCK_REMOVED);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(StalePostmaster.isPostgresOf(ProcessHandle.of(pid).orElseThrow(), other.dataDirectory()))
                    .isTrue();
        }
    }

    @Test
    void aPostgresThatIgnoresTheFastShutdownIsKilledAndTheNextStartRecoversItsData() throws Exception {
        var first = EmbeddedCluster.start(data);
        Path pgData = first.dataDirectory();
        long pid = pid(pgData);
        try (var c = connect(first);
                var s = c.createStatement()) {
            s.execute("create table survives (v text)");
            s.execute("insert into survives values ('committed')");
        }
        // A stopped process cannot act on SIGINT: the fast shutdown never comes, as with a wedged server.
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();

        var outcome = new StalePostmaster(pgData, Duration.ofSeconds(1)).clear();

        assertThat(outcome).isEqualTo(StalePostmaster.Outcome.KILLED);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        first.close(); // its own stop finds nothing to stop; it lets go of the data directory

        try (var second = EmbeddedCluster.start(data);
                var c = connect(second);
                var s = c.createStatement();
                var rs = s.executeQuery("select v from survives")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("committed");
        }
    }

    private static long pid(Path pgData) throws Exception {
        return StalePostmaster.LockFile.read(pgData.resolve(StalePostmaster.LOCK_FILE))
                .orElseThrow()
                .pid();
    }

    private static java.sql.Connection connect(EmbeddedCluster cluster) throws Exception {
        var props = new Properties();
        props.setProperty("user", cluster.user());
        props.setProperty("password", cluster.password());
        return DriverManager.getConnection(cluster.jdbcUrl(), props);
    }
}
