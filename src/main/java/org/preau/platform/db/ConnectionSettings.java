package org.preau.platform.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;

/**
 * Where and how to reach PostgreSQL — the embedded one or the external one — with the driver properties that carry
 * the timeouts: what the pool is built from, and what code that needs a connection of its own (outside the pool,
 * like the cluster bus listening for notifications) opens with, so that it authenticates the same way.
 *
 * @param url JDBC URL
 * @param user role name
 * @param password its password (empty: none, for an external database that authenticates otherwise)
 * @param driverProperties PostgreSQL JDBC driver properties (timeouts), see {@link DatabaseTimeouts}
 */
public record ConnectionSettings(String url, String user, String password, Map<String, String> driverProperties) {

    public ConnectionSettings {
        driverProperties = Map.copyOf(driverProperties);
    }

    /** Driver properties for one connection: credentials, timeouts and the application name PostgreSQL shows. */
    public Properties properties(String applicationName) {
        var p = new Properties();
        p.putAll(driverProperties);
        p.setProperty("user", user);
        if (password != null && !password.isEmpty()) {
            p.setProperty("password", password);
        }
        p.setProperty("ApplicationName", applicationName);
        return p;
    }

    /** A connection of its own, not from the pool; the caller closes it. */
    public Connection open(String applicationName) throws SQLException {
        return DriverManager.getConnection(url, properties(applicationName));
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "ConnectionSettings[url=" + url + ", user=" + user + ", driverProperties=" + driverProperties + "]";
    }
}
