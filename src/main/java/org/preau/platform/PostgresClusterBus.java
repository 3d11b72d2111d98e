package org.preau.platform;

import java.sql.Connection;
import java.sql.SQLException;
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
 * have been missed: re-read everything), and so it does after a stop and a start (Spring's test context cache pauses
 * an idle context that way). {@link #start()} returns once the listener is in place, so that a signal published right
 * after it is not lost (PostgreSQL delivers a NOTIFY only to sessions already listening).
 */
@Component
class PostgresClusterBus implements ClusterBus, SmartLifecycle {

    static final String CHANNEL = "preau_cluster";
    private static final Logger log = LoggerFactory.getLogger(PostgresClusterBus.class);

    private final ConnectionSettings connections;
    private final JdbcClient jdbc;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    /** How long start() waits for LISTEN before it lets the application go on (the loop keeps retrying). */
    private static final long LISTEN_WAIT_SECONDS = 10;

    private volatile boolean running;
    private volatile Thread thread;
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
    public java.util.Optional<String> publishExpression(String topic, String payloadExpression) {
        // The same channel and "topic\npayload" form as publish; the topic is the caller's constant, quoted here.
        String prefix = "'" + (topic + "\n").replace("'", "''") + "'";
        return java.util.Optional.of("pg_notify('" + CHANNEL + "', " + prefix + " || (" + payloadExpression + "))");
    }

    @Override
    public void subscribe(String topic, Consumer<String> listener) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        var listening = new CountDownLatch(1);
        boolean restart = startedBefore;
        startedBefore = true;
        // Assigned before it runs: the loop goes on only while it is the current thread.
        Thread t = Thread.ofVirtual().name("cluster-bus").unstarted(() -> listenLoop(listening, restart));
        thread = t;
        t.start();
        try {
            if (!listening.await(LISTEN_WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Cluster bus not listening after {} s; it keeps trying", LISTEN_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(LISTEN_WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The loop of one start: ends when stopped (or when a later start replaced it). */
    private void listenLoop(CountDownLatch listening, boolean restart) {
        boolean first = !restart;
        while (isCurrent()) {
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
                while (isCurrent()) {
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
                if (isCurrent()) {
                    log.warn("Cluster bus connection lost ({}); reconnecting", e.getMessage());
                    sleepQuietly(1000);
                }
            }
        }
    }

    private boolean isCurrent() {
        return running && thread == Thread.currentThread();
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
