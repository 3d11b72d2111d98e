package org.preau.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.preau.directory.internal.imports.DirectoryImporter;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database timeouts with their defaults, on the real PostgreSQL: a slow statement is cancelled by the server, a
 * server that answers nothing is noticed by the driver instead of hanging the request, and the work that is long on
 * purpose (imports) runs past both.
 */
@PreauIntegrationTest
class DatabaseTimeoutsTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    LongStatements longStatements;

    @Autowired
    DirectoryImporter importer;

    @Autowired
    PlatformTransactionManager txManager;

    @Test
    void aStatementLongerThanTheStatementTimeoutIsCancelledByPostgres() {
        assertThat(jdbc.sql("show statement_timeout").query(String.class).single())
                .isEqualTo("1500ms");
        assertThatThrownBy(() -> jdbc.sql("select pg_sleep(3)").query().singleRow())
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("canceling statement due to statement timeout");
    }

    @Test
    void aServerThatAnswersNothingIsNoticedByTheSocketTimeoutInsteadOfHangingTheRequest() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            int backend;
            try (var s = c.createStatement();
                    var rs = s.executeQuery("select pg_backend_pid()")) {
                rs.next();
                backend = rs.getInt(1);
            }
            // Freeze the one backend process serving this connection (a process of the test's own PostgreSQL).
            signal("STOP", backend);
            try (var s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("select 1"))
                        .isInstanceOf(SQLException.class)
                        .hasRootCauseInstanceOf(SocketTimeoutException.class);
            } finally {
                signal("CONT", backend);
            }
        }
    }

    @Test
    void longStatementsLiftBothLimitsForTheRestOfTheTransactionOnly() throws Exception {
        var seen = new ArrayList<String>();
        PGConnection[] physical = new PGConnection[1];
        new TransactionTemplate(txManager).executeWithoutResult(status -> {
            longStatements.allowInCurrentTransaction();
            seen.add(jdbc.sql("show statement_timeout").query(String.class).single());
            // Longer than the statement timeout (1.5 s) and the socket timeout (10 s) of requests.
            jdbc.sql("select pg_sleep(?)")
                    .param(DatabaseTimeouts.defaults().socket().toMillis() / 1000.0 + 0.5)
                    .query()
                    .singleRow();
            seen.add("slept");
            try {
                Connection c = org.springframework.jdbc.datasource.DataSourceUtils.getConnection(dataSource);
                physical[0] = c.unwrap(PGConnection.class);
                seen.add(Integer.toString(c.getNetworkTimeout()));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(seen).containsExactly("30min", "slept", Integer.toString(30 * 60 * 1000));
        assertThat(((Connection) physical[0]).getNetworkTimeout())
                .as("the pooled connection is back to the short socket timeout")
                .isEqualTo((int) DatabaseTimeouts.defaults().socket().toMillis());
        assertThat(jdbc.sql("show statement_timeout").query(String.class).single())
                .isEqualTo("1500ms");
    }

    @Test
    void longStatementsOutsideATransactionAreRefused() {
        assertThatThrownBy(() -> longStatements.allowInCurrentTransaction()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anImportRunsItsTransactionWithTheLongLimits() {
        var seen = new ArrayList<String>();
        String uai = String.format("%07d%c", ThreadLocalRandom.current().nextInt(10_000_000), 'T');
        byte[] csv = ("uai,name,city\n" + uai + ",Collège du Long Import,Albi\n").getBytes(StandardCharsets.UTF_8);
        var source = new DirectoryImporter.Source("schools.csv", () -> {
            if (TransactionSynchronizationManager.isActualTransactionActive()) {
                // Inside the import's own transaction: what a long statement of a big file meets.
                seen.add(jdbc.sql("show statement_timeout").query(String.class).single());
                jdbc.sql("select pg_sleep(2.5)").query().singleRow();
                seen.add("slept");
            }
            return new ByteArrayInputStream(csv);
        });

        var report = importer.importAll(List.of(source), "test");

        assertThat(report.accepted()).as(report.toString()).isTrue();
        assertThat(seen).containsExactly("30min", "slept");
        assertThat(jdbc.sql("select name from school where uai = ?")
                        .param(uai)
                        .query(String.class)
                        .list())
                .containsExactly("Collège du Long Import");
    }

    @Test
    void timeoutsThatCannotWorkTogetherAreRefusedAtStart() {
        assertThatThrownBy(() -> new DatabaseTimeouts(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("socket");
        assertThatThrownBy(() -> new DatabaseTimeouts(
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(1500),
                        Duration.ofMinutes(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validation");
        assertThat(DatabaseTimeouts.defaults().driverProperties())
                .containsEntry("socketTimeout", "10")
                .containsEntry("options", "-c statement_timeout=1500");
    }

    private static void signal(String name, int pid) throws Exception {
        var p = new ProcessBuilder("kill", "-" + name, Integer.toString(pid)).start();
        assertThat(p.waitFor()).isZero();
    }
}
