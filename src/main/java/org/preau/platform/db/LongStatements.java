package org.preau.platform.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lifts the short statement and socket timeouts ({@link DatabaseTimeouts}) for the rest of the current
 * transaction, for work that is long by nature and runs in one transaction on purpose: a directory import is all
 * or nothing per file, and one file can hold a whole district. Requests keep the short limits, so a frozen database
 * still refuses them within seconds; the pool gets its connection back with the short limits restored.
 *
 * <p>Both limits must move: PostgreSQL's {@code statement_timeout} (with {@code SET LOCAL}, which ends with the
 * transaction) and the driver's socket timeout (the connection's network timeout, put back when the transaction
 * completes).
 */
public final class LongStatements {

    private static final Logger log = LoggerFactory.getLogger(LongStatements.class);
    private static final Executor DIRECT = Runnable::run;

    private final DataSource dataSource;
    private final Duration timeout;

    public LongStatements(DataSource dataSource, Duration timeout) {
        this.dataSource = dataSource;
        this.timeout = timeout;
    }

    /** The limit that {@link #allowInCurrentTransaction()} sets. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Lets the statements of the current transaction run up to {@link #timeout()}.
     *
     * @throws IllegalStateException outside a transaction (a session-wide setting would outlive the work and stay
     *     on a pooled connection)
     */
    public void allowInCurrentTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("LongStatements needs a transaction: SET LOCAL ends with it");
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            try (var statement = connection.createStatement()) {
                statement.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
            }
            int previous = connection.getNetworkTimeout();
            int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
            connection.setNetworkTimeout(DIRECT, millis);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    try {
                        if (!connection.isClosed()) {
                            connection.setNetworkTimeout(DIRECT, previous);
                        }
                    } catch (SQLException e) {
                        // A broken connection is evicted by the pool anyway.
                        log.debug("Could not restore the network timeout", e);
                    }
                }
            });
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("Could not lift the statement timeout", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
