package org.preau.status.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Supplier;
import org.preau.identity.HashingPool;
import org.preau.surge.Lane;
import org.preau.surge.SurgeLoad;

/**
 * The probes, each exercising its component for real (docs/adr/0032): returning normally is a success, any
 * exception a failure. The runner ({@link ProbeRunner}) times them and gives up on one that outlives its timeout,
 * so none of them needs to be clever about hanging; each still sets its own socket timeouts so that its thread ends.
 */
final class Probes {

    private Probes() {}

    /** One probe of one component. */
    @FunctionalInterface
    interface Probe {
        void run() throws Exception;
    }

    /** A failure that says what was wrong without any address, message or stack (the kind is all that is kept). */
    static final class Failed extends Exception {
        Failed(String kind) {
            super(kind, null, false, false);
        }
    }

    /**
     * A query on PostgreSQL, on a connection of its own (not the pool: an exhausted pool is not a dead database, and
     * a dead database must not hold a pool slot), with connect and socket timeouts.
     */
    static final class Database implements Probe, AutoCloseable {
        private final String url;
        private final Properties properties = new Properties();
        private final int seconds;
        private Connection connection;

        Database(String url, String user, String password, Duration timeout) {
            this.url = url;
            this.seconds = (int) Math.max(1, timeout.toSeconds());
            properties.setProperty("user", user == null ? "" : user);
            if (password != null && !password.isEmpty()) {
                properties.setProperty("password", password);
            }
            properties.setProperty("connectTimeout", Integer.toString(seconds));
            properties.setProperty("loginTimeout", Integer.toString(seconds));
            properties.setProperty("socketTimeout", Integer.toString(seconds));
            properties.setProperty("ApplicationName", "preau-status-probe");
        }

        @Override
        public synchronized void run() throws SQLException {
            try {
                if (connection == null || connection.isClosed()) {
                    connection = DriverManager.getConnection(url, properties);
                }
                try (var statement = connection.createStatement()) {
                    statement.setQueryTimeout(seconds);
                    // A real query on a real table: the catalogue answers only when the server can read pages.
                    try (var rs = statement.executeQuery("select count(*) from pg_catalog.pg_class")) {
                        rs.next();
                    }
                }
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
                    // Already broken: nothing to release.
                }
                connection = null;
            }
        }
    }

    /** The SMTP greeting and EHLO, then QUIT: the server answers as a mail server, not just a port. */
    static Probe smtp(String host, int port, Duration timeout) {
        return () -> {
            int millis = (int) timeout.toMillis();
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), millis);
                socket.setSoTimeout(millis);
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                expect(in, "220");
                out.write("EHLO preau-status\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                expect(in, "250");
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        };
    }

    /** Reads one SMTP reply (all its lines) and checks its code. */
    private static void expect(BufferedReader in, String code) throws IOException, Failed {
        String line;
        do {
            line = in.readLine();
            if (line == null || line.length() < 3 || !line.startsWith(code)) {
                throw new Failed("smtp-reply");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
    }

    /** An HTTP GET answered 2xx or 3xx (identity provider metadata, a video server's API). */
    static Probe http(HttpClient client, URI uri, Duration timeout) {
        return () -> {
            var response = client.send(
                    HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 400) {
                throw new Failed("http-" + response.statusCode() / 100 + "xx");
            }
        };
    }

    /**
     * This node, from the inside: the password-hashing pool must not be full and the signed-in lanes must not be
     * overflowing (a full log-in lane under attack is the defences working, and shows as the waiting room).
     */
    static Probe node(Supplier<SurgeLoad> surge, Supplier<HashingPool> pool) {
        return () -> {
            HashingPool p = pool.get();
            if (p != null && p.capacity() > 0 && p.queued() >= p.capacity()) {
                throw new Failed("hash-pool-full");
            }
            SurgeLoad load = surge.get();
            if (load != null) {
                for (var lane : load.lanes()) {
                    boolean signedIn = lane.lane() == Lane.SIGNED_IN_PRIORITY || lane.lane() == Lane.SIGNED_IN_PARENT;
                    if (signedIn && lane.saturated()) {
                        throw new Failed("lane-full");
                    }
                }
            }
        };
    }
}
