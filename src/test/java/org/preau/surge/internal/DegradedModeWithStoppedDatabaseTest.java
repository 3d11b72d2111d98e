package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Degraded mode against a real PostgreSQL that this test stops and starts again. It is a separate embedded
 * instance of its own (not the shared test database, which every other test class needs alive), and no Spring
 * context is involved: {@link DatabaseHealth} with the production {@link JdbcProbe}.
 */
class DegradedModeWithStoppedDatabaseTest {

    @Test
    void switchesToReadOnlyWhenTheDatabaseStopsAndBackWhenItReturns() throws Exception {
        Path data = Files.createTempDirectory("preau-surge-pg");
        Path runtime = Files.createTempDirectory("preau-surge-pg-runtime");
        int port;
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres pg = start(data, runtime, port);
        String url = pg.getJdbcUrl("postgres", "postgres");
        try (var probe = new JdbcProbe(url, "postgres", "", Duration.ofSeconds(2))) {
            var health = new DatabaseHealth(probe, Duration.ofSeconds(2), 2, 2);

            health.check();
            assertThat(health.degraded()).isFalse();
            assertThat(health.lastLatency()).isPresent();

            pg.close(); // the database is gone
            health.check();
            assertThat(health.degraded()).as("one failure is not yet an outage").isFalse();
            health.check();
            assertThat(health.degraded()).isTrue();
            assertThat(health.lastLatency()).isEmpty();
            health.check();
            assertThat(health.degraded()).isTrue();

            pg = start(data, runtime, port); // the same database comes back on the same port
            health.check();
            assertThat(health.degraded())
                    .as("one good probe is not yet a recovery")
                    .isTrue();
            health.check();
            assertThat(health.degraded()).isFalse();
            assertThat(health.lastLatency()).isPresent();
            assertThat(health.failures()).isEqualTo(3);
        } finally {
            pg.close();
            org.springframework.util.FileSystemUtils.deleteRecursively(data);
            org.springframework.util.FileSystemUtils.deleteRecursively(runtime);
        }
    }

    private static EmbeddedPostgres start(Path data, Path runtime, int port) throws Exception {
        return EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(runtime.toFile())
                .setPort(port)
                .start();
    }
}
