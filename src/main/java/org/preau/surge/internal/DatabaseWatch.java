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
 * {@link DegradedMode} for this node: probes PostgreSQL every second on a connection of its own and switches
 * read-only mode on after consecutive slow or failed probes, off again after consecutive good ones; an operator
 * may also force it ({@code readOnly}).
 */
@Component
class DatabaseWatch implements DegradedMode, DisposableBean {

    private final DatabaseHealth health;
    private final SettingsStore settings;
    private final AutoCloseable closeable;

    DatabaseWatch(DataSource dataSource, JdbcClient jdbc, SurgeProperties properties, SettingsStore settings) {
        this.settings = settings;
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

    @Scheduled(fixedDelay = 1000)
    void probe() {
        health.check();
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
