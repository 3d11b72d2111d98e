package org.preau.platform.db;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long Préau waits on PostgreSQL before it gives up, for the embedded and the external database alike
 * ({@code preau.db.timeouts.*}, environment {@code PREAU_DB_TIMEOUTS_*}).
 *
 * <p>Why these numbers: a request must not hang on a frozen database (a stalled disk, a paused VM, a SIGSTOP). The
 * server-side {@code statement} timeout (1.5 s) cancels a slow statement cleanly while PostgreSQL still answers; a
 * request waits at most {@code poolWait} (2 s) for a connection. A frozen database is noticed within about a second
 * by surge's own probe ({@code DatabaseWatch}, on a connection of its own), which switches read-only mode on: writes
 * are then refused at once and pages come from the caches. The client-side {@code socket} and {@code connect}
 * timeouts are only the last bound for what was already in flight: they were 2 s, and on the attack morning, with
 * the one core saturated, PostgreSQL answered a healthy connection or a new one later than that hundreds of times;
 * each time the pool threw the connection away and then failed to open another, until it held 1 to 5 of its 20
 * (docs/adr/0075). They are now 10 s. Work that
 * is long by nature (imports of a whole district, migrations, command-line tools) runs with {@code longStatement}
 * instead, through {@link LongStatements}, so it is not killed by the short limits. See
 * docs/adr/0021-embedded-postgresql-for-real-use.md.
 *
 * @param connect opening a connection (TCP connect and authentication): the driver's {@code connectTimeout} and
 *     {@code loginTimeout} (whole seconds, rounded up)
 * @param poolWait how long a request waits for a connection from the pool (Hikari's {@code connectionTimeout})
 * @param validation how long the pool waits when it checks that an idle connection is alive (Hikari's
 *     {@code validationTimeout}); shorter than {@code poolWait}
 * @param socket longest wait for any answer from the server on an open connection (the driver's
 *     {@code socketTimeout}, whole seconds, rounded up); longer than {@code statement}
 * @param statement longest statement, enforced by PostgreSQL ({@code statement_timeout})
 * @param longStatement the statement and socket timeout of work that is long by nature (imports, migrations,
 *     command-line tools)
 */
public record DatabaseTimeouts(
        @DefaultValue("10s") Duration connect,
        @DefaultValue("2s") Duration poolWait,
        @DefaultValue("1s") Duration validation,
        @DefaultValue("10s") Duration socket,
        @DefaultValue("1500ms") Duration statement,
        @DefaultValue("30m") Duration longStatement) {

    /** Hikari refuses shorter pool timeouts. */
    private static final Duration HIKARI_MINIMUM = Duration.ofMillis(250);

    public DatabaseTimeouts {
        requirePositive("connect", connect);
        requirePositive("pool-wait", poolWait);
        requirePositive("validation", validation);
        requirePositive("socket", socket);
        requirePositive("statement", statement);
        requirePositive("long-statement", longStatement);
        if (poolWait.compareTo(HIKARI_MINIMUM) < 0 || validation.compareTo(HIKARI_MINIMUM) < 0) {
            throw new IllegalArgumentException("preau.db.timeouts.pool-wait and .validation must be at least 250ms");
        }
        if (validation.compareTo(poolWait) >= 0) {
            throw new IllegalArgumentException("preau.db.timeouts.validation (" + validation
                    + ") must be shorter than preau.db.timeouts.pool-wait (" + poolWait + ")");
        }
        if (roundedSeconds(socket) * 1000L <= statement.toMillis()) {
            throw new IllegalArgumentException("preau.db.timeouts.socket (" + socket
                    + ", whole seconds) must be longer than preau.db.timeouts.statement (" + statement
                    + "): otherwise a slow statement is cut by the client instead of cancelled by PostgreSQL");
        }
        if (longStatement.compareTo(statement) < 0 || longStatement.compareTo(socket) < 0) {
            throw new IllegalArgumentException(
                    "preau.db.timeouts.long-statement (" + longStatement + ") must not be shorter than the others");
        }
    }

    /** The defaults, for code that builds connections outside Spring's binding. */
    public static DatabaseTimeouts defaults() {
        return new DatabaseTimeouts(
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofMillis(1500),
                Duration.ofMinutes(30));
    }

    /** PostgreSQL JDBC driver properties for the pool's connections and the dedicated ones (cluster bus). */
    public Map<String, String> driverProperties() {
        return properties(socket, statement);
    }

    /** The same for work that is long by nature (migrations): long socket and statement timeouts. */
    public Map<String, String> longDriverProperties() {
        return properties(longStatement, longStatement);
    }

    private Map<String, String> properties(Duration socketTimeout, Duration statementTimeout) {
        var p = new LinkedHashMap<String, String>();
        p.put("connectTimeout", Integer.toString(roundedSeconds(connect)));
        p.put("loginTimeout", Integer.toString(roundedSeconds(connect)));
        p.put("socketTimeout", Integer.toString(roundedSeconds(socketTimeout)));
        p.put("options", "-c statement_timeout=" + statementTimeout.toMillis());
        p.put("tcpKeepAlive", "true");
        return p;
    }

    /** The driver counts these timeouts in whole seconds; 0 would mean "wait forever", so at least 1. */
    static int roundedSeconds(Duration d) {
        long seconds = (d.toMillis() + 999) / 1000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("preau.db.timeouts." + name + " must be a positive duration");
        }
    }
}
