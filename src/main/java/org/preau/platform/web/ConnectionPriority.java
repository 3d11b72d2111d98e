package org.preau.platform.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Which kept-alive connections this node serves ahead of the rest when its core is saturated (docs/adr/0081).
 *
 * <p>Every request runs on a virtual thread, and the virtual-thread scheduler is one FIFO queue for all of them: under
 * a flood, a signed-in pupil's page or a look at {@code /statut} waits behind every flood request that arrived before
 * it, whatever the lanes decide once it is parsed. Nothing is known of a request before it is parsed, but its
 * connection is: a module that has just served a request it wants served first next time (a signed-in user admitted
 * to their lane, the public status page) {@linkplain #promote(Ahead) promotes} the connection it came on, and the
 * connection's next requests run on a small pool of platform threads that the kernel schedules beside the carrier
 * thread, not behind its queue. A request that is not of that kind {@linkplain #demote() demotes} it again. A
 * connection is a TCP connection to this node: a flood that opens a new connection per request, as the morning's
 * does, is never promoted.
 *
 * <p>Two pools go ahead, by what the promoting request said of the next ones ({@link Ahead}): the signed-in pages,
 * which read the database and may wait for one of its connections, and the pages answered from memory (the status
 * page), on threads of their own so that they never wait behind a request that waits for the database.
 *
 * <p>Behind a reverse proxy that reuses its upstream connections for different visitors, the promotion of one
 * connection is shared by whoever the proxy sends down it next; the proxy is then the place for priorities.
 */
public final class ConnectionPriority {

    /** Where a promoted connection's next requests run. */
    public enum Ahead {
        /** A signed-in user's pages: they read the database, and may wait for a connection of its pool. */
        SIGNED_IN,
        /**
         * Pages answered from memory, with no database and no lock (the public status page): a pool of their own,
         * so that what waits for the database never holds them up.
         */
        FROM_MEMORY
    }

    /** The connection (Tomcat's socket wrapper) the current thread is serving, set by {@link PriorityConnections}. */
    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

    /** Weak keys: an entry goes with its connection (and compares by identity). */
    private final Cache<Object, Budget> promoted =
            Caffeine.newBuilder().weakKeys().maximumSize(200_000).build();

    private final boolean enabled;
    private final int eventsPerSecond;

    ConnectionPriority(boolean enabled, int eventsPerSecond) {
        this.enabled = enabled;
        this.eventsPerSecond = Math.max(1, eventsPerSecond);
    }

    /** Off: nothing is promoted, every request runs where it always did. */
    public static ConnectionPriority disabled() {
        return new ConnectionPriority(false, 1);
    }

    /**
     * The next requests on the current request's connection run ahead of the shared queue, on the pool of
     * {@code ahead}. A connection promoted already keeps its budget (and takes the new pool).
     */
    public void promote(Ahead ahead) {
        Object connection = CURRENT.get();
        if (enabled && connection != null) {
            Budget budget = promoted.asMap().computeIfAbsent(connection, c -> new Budget(eventsPerSecond, ahead));
            budget.ahead = ahead;
        }
    }

    /** The next requests on the current request's connection take the shared queue like everyone's. */
    public void demote() {
        Object connection = CURRENT.get();
        if (connection != null) {
            promoted.invalidate(connection);
        }
    }

    /** Whether the current request's connection is promoted (for tests and diagnostics). */
    public boolean currentIsPromoted() {
        Object connection = CURRENT.get();
        return connection != null && isPromoted(connection);
    }

    boolean enabled() {
        return enabled;
    }

    boolean isPromoted(Object connection) {
        return enabled && promoted.getIfPresent(connection) != null;
    }

    /**
     * Which pool this socket event of {@code connection} goes ahead on, or null for the shared queue: it goes ahead
     * when the connection is promoted and within its budget of events per second. A connection over its budget (a
     * client hammering on a kept-alive connection, the status page's or a session's) is demoted: the pools' threads
     * are for the many, not for whoever asks fastest.
     */
    Ahead takeAhead(Object connection) {
        if (!enabled) {
            return null;
        }
        Budget budget = promoted.getIfPresent(connection);
        if (budget == null) {
            return null;
        }
        if (budget.take(System.nanoTime())) {
            return budget.ahead;
        }
        promoted.invalidate(connection);
        return null;
    }

    long promotedConnections() {
        promoted.cleanUp();
        return promoted.estimatedSize();
    }

    /** At most {@code perSecond} socket events in any one-second window since the window opened. */
    static final class Budget {
        private final int perSecond;
        private long windowStart;
        private int used;
        volatile Ahead ahead;

        Budget(int perSecond, Ahead ahead) {
            this.perSecond = perSecond;
            this.windowStart = System.nanoTime();
            this.ahead = ahead;
        }

        synchronized boolean take(long now) {
            if (now - windowStart >= 1_000_000_000L) {
                windowStart = now;
                used = 0;
            }
            return ++used <= perSecond;
        }
    }

    /** The task, run with {@code connection} as the current thread's connection. */
    static Runnable bind(Object connection, Runnable task) {
        return () -> {
            CURRENT.set(connection);
            try {
                task.run();
            } finally {
                CURRENT.remove();
            }
        };
    }
}
