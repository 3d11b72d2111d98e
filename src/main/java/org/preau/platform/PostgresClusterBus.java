package org.preau.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.preau.platform.db.ConnectionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@link ClusterBus} over PostgreSQL {@code NOTIFY} on one channel; a dedicated connection (outside the pool)
 * listens and dispatches. On connection loss it reconnects and tells every listener {@code "*"} (something may
 * have been missed: re-read everything).
 */
@Component
class PostgresClusterBus implements ClusterBus, SmartLifecycle {

    static final String CHANNEL = "preau_cluster";
    private static final int START_WAIT_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(PostgresClusterBus.class);

    private final ConnectionSettings connections;
    private final JdbcClient jdbc;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile CountDownLatch listening = new CountDownLatch(1);
    private boolean startedBefore;

    PostgresClusterBus(ConnectionSettings connections, JdbcClient jdbc) {
        this.connections = connections;
        this.jdbc = jdbc;
    }

    @Override
    public void publish(String topic, String payload) {
        jdbc.sql("select pg_notify(?, ?)")
                .params(CHANNEL, topic + "\n" + payload)
                .query()
                .singleRow();
    }

    @Override
    public void subscribe(String topic, Consumer<String> listener) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public void start() {
        running = true;
        listening = new CountDownLatch(1);
        boolean resync = startedBefore;
        startedBefore = true;
        thread = Thread.ofVirtual().name("cluster-bus").start(() -> listenLoop(resync));
        // A node that says it is started must not miss a signal published just after: wait (bounded) until LISTEN
        // is in place. If the database is not there yet, go on; the loop keeps trying and resyncs when it connects.
        try {
            if (!listening.await(START_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Cluster bus not listening after {} s; going on, it keeps trying", START_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                // Stopped then started again (a paused test context, a restart): never two loops at once.
                t.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listenLoop(boolean restarted) {
        // After a stop and start, signals may have been missed while stopped: listeners re-read everything.
        boolean first = !restarted;
        while (running) {
            try (Connection connection = openDedicated()) {
                try (var s = connection.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                listening.countDown();
                if (!first) {
                    dispatchToAll(ClusterBus.RESYNC);
                }
                first = false;
                var pg = connection.unwrap(PGConnection.class);
                while (running) {
                    var notifications = pg.getNotifications(1000);
                    if (notifications == null) {
                        continue;
                    }
                    for (var n : notifications) {
                        String p = n.getParameter();
                        int cut = p.indexOf('\n');
                        if (cut > 0) {
                            dispatch(p.substring(0, cut), p.substring(cut + 1));
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Cluster bus connection lost ({}); reconnecting", e.getMessage());
                    sleepQuietly(1000);
                }
            }
        }
    }

    /**
     * A connection of its own, not borrowed from the pool, so that listening never starves requests; it
     * authenticates like the pool (the embedded database's password) and has the same timeouts.
     */
    private Connection openDedicated() throws SQLException {
        return connections.open("preau-cluster-bus");
    }

    private void dispatch(String topic, String payload) {
        for (var listener : listeners.getOrDefault(topic, List.of())) {
            try {
                listener.accept(payload);
            } catch (RuntimeException e) {
                log.warn("Cluster bus listener for {} failed", topic, e);
            }
        }
    }

    private void dispatchToAll(String payload) {
        listeners.keySet().forEach(topic -> dispatch(topic, payload));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
