package org.preau.surge.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.preau.surge.DegradedMode;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@link DegradedMode} for this node: probes PostgreSQL continuously on a connection of its own and switches
 * read-only mode on after consecutive slow, stalled or failed probes, off again after consecutive good ones; an
 * operator may also force it ({@code readOnly}).
 */
@Component
class DatabaseWatch implements DegradedMode, DisposableBean {

    private final DatabaseHealth health;
    private final SettingsStore settings;
    private final AutoCloseable closeable;
    private final Duration slow;
    private volatile long probeStarted;
    private int stallsCounted;

    DatabaseWatch(DataSource dataSource, JdbcClient jdbc, SurgeProperties properties, SettingsStore settings) {
        this.settings = settings;
        this.slow = properties.dbSlow();
        DatabaseHealth.Probe probe;
        HikariDataSource hikari = pool(dataSource);
        if (hikari != null && hikari.getJdbcUrl() != null) {
            var jdbcProbe = new JdbcProbe(
                    hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword(), properties.dbTimeout());
            probe = jdbcProbe;
            closeable = jdbcProbe;
        } else {
            // Another pool: probe through it (an exhausted pool then also counts as degraded).
            probe = () -> {
                long started = System.nanoTime();
                jdbc.sql("select 1").query(Integer.class).single();
                return Duration.ofNanos(System.nanoTime() - started);
            };
            closeable = () -> {};
        }
        this.health = new DatabaseHealth(
                probe, properties.dbSlow(), properties.dbFailuresToDegrade(), properties.dbSuccessesToRecover());
    }

    /** The pool behind the DataSource bean, which a post-processor may have wrapped; null for another pool. */
    private static HikariDataSource pool(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    /**
     * Every quarter second: starts a probe when none is running (on a thread of its own), and counts one that has
     * been running longer than {@code dbSlow} as a bad probe without waiting for its timeout, so that a frozen
     * database is noticed within about a second (two such ticks), not after the driver's timeouts.
     */
    @Scheduled(fixedRate = 250)
    void probe() {
        long started = probeStarted;
        if (started == 0) {
            probeStarted = System.nanoTime();
            stallsCounted = 0;
            Thread.ofVirtual().name("surge-db-probe").start(() -> {
                try {
                    health.check();
                } finally {
                    probeStarted = 0;
                }
            });
        } else if (System.nanoTime() - started > (stallsCounted + 1) * slow.toNanos()) {
            // One bad probe per "slow" period the probe has been running: a frozen database is two of them.
            stallsCounted++;
            health.stalled();
        }
    }

    @Override
    public boolean active() {
        return health.degraded() || settings.current().readOnly();
    }

    boolean databaseDown() {
        return health.degraded();
    }

    @Override
    public Optional<Duration> lastDatabaseLatency() {
        return health.lastLatency();
    }

    @Override
    public void destroy() throws Exception {
        closeable.close();
    }
}
