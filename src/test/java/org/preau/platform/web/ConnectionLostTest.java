package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Seen under the attack benchmark: a log-in's commit timed out on its socket while PostgreSQL was starved of CPU,
 * the rollback failed too, and the visitor got a 500 with a reference instead of "the database is not answering,
 * retry" with its Retry-After.
 */
class ConnectionLostTest {

    @Test
    void aCommitWhoseSocketTimedOutIsTheDatabaseNotAnswering() {
        var commit = new DataAccessResourceFailureException(
                "JDBC commit; An I/O error occurred while sending to the backend.",
                new SQLException("An I/O error occurred", "08006", new SocketTimeoutException("Read timed out")));
        var e = new TransactionSystemException("JDBC rollback failed", new SQLException("closed", "08003"));
        e.initApplicationException(commit);
        assertThat(ProblemAdvice.connectionLost(e)).isTrue();
        assertThat(ProblemAdvice.connectionLost(new TransactionSystemException("x", new SocketTimeoutException())))
                .isTrue();
    }

    @Test
    void anyOtherTransactionFailureStaysUnexpected() {
        var e = new TransactionSystemException("Could not commit", new SQLException("serialization", "40001"));
        assertThat(ProblemAdvice.connectionLost(e)).isFalse();
        assertThat(ProblemAdvice.connectionLost(new TransactionSystemException("no cause")))
                .isFalse();
    }
}
