package org.preau.surge.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Probes PostgreSQL on a connection of its own (outside the pool, so an exhausted pool does not look like a dead
 * database and a dead database cannot hold a pool slot), with short connect and socket timeouts.
 */
final class JdbcProbe implements DatabaseHealth.Probe, AutoCloseable {

    private final String url;
    private final Properties properties = new Properties();
    private Connection connection;

    JdbcProbe(String url, String user, String password, Duration timeout) {
        this.url = url;
        int seconds = (int) Math.max(1, timeout.toSeconds());
        properties.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        properties.setProperty("connectTimeout", Integer.toString(seconds));
        properties.setProperty("loginTimeout", Integer.toString(seconds));
        properties.setProperty("socketTimeout", Integer.toString(seconds));
        properties.setProperty("ApplicationName", "preau-surge-probe");
    }

    @Override
    public synchronized Duration run() throws SQLException {
        long started = System.nanoTime();
        try {
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(url, properties);
            }
            try (var statement = connection.createStatement()) {
                statement.setQueryTimeout(Integer.parseInt(properties.getProperty("connectTimeout")));
                statement.execute("select 1");
            }
            return Duration.ofNanos(System.nanoTime() - started);
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already broken; nothing to release.
            }
            connection = null;
        }
    }
}
