package org.preau.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preau.PreauApplication;
import org.preau.platform.ClusterBus;
import org.preau.surge.DegradedMode;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The embedded PostgreSQL that {@code ./preau run} starts (the product's configuration, not the test suite's
 * shared database, which keeps fsync off for speed): durable, on loopback only, and asking every connection for a
 * password that only the data directory's owner can read.
 */
class EmbeddedPostgresForRealUseTest {

    @TempDir
    Path data;

    @Test
    void showFsyncIsOnAndEveryConnectionNeedsTheScramPassword() throws Exception {
        try (var app = start()) {
            var jdbc = app.getBean(JdbcClient.class);
            assertThat(show(jdbc, "fsync")).isEqualTo("on");
            assertThat(show(jdbc, "synchronous_commit")).isEqualTo("on");
            assertThat(show(jdbc, "full_page_writes")).isEqualTo("on");
            assertThat(show(jdbc, "password_encryption")).isEqualTo("scram-sha-256");
            assertThat(show(jdbc, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(show(jdbc, "unix_socket_directories")).isEmpty();
            assertThat(jdbc.sql("select distinct auth_method from pg_hba_file_rules")
                            .query(String.class)
                            .list())
                    .containsExactly("scram-sha-256");
            assertThat(jdbc.sql("select rolpassword from pg_authid where rolname = 'postgres'")
                            .query(String.class)
                            .single())
                    .startsWith("SCRAM-SHA-256$");

            Path passwordFile = data.resolve(EmbeddedCluster.PASSWORD_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data)))
                    .isEqualTo("rwx------");

            String url = pool(app).getJdbcUrl();
            assertThat(url).startsWith("jdbc:postgresql://127.0.0.1:");
            assertThatThrownBy(() -> connect(url, null)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(url, "not-the-password"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (var c = connect(url, Files.readString(passwordFile).trim());
                    var s = c.createStatement();
                    var rs = s.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    @Test
    void theClusterBusAndTheDatabaseProbeOpenTheirOwnConnectionsWithThePassword() throws Exception {
        try (var app = start()) {
            var received = new LinkedBlockingQueue<String>();
            var bus = app.getBean(ClusterBus.class);
            bus.subscribe("real-use-test", received::add);
            String payload = "hello";
            // The listener connects in the background; publish until it hears (bounded, not a timing assertion).
            String got = null;
            for (int i = 0; i < 40 && got == null; i++) {
                bus.publish("real-use-test", payload);
                got = received.poll(250, TimeUnit.MILLISECONDS);
            }
            assertThat(got).isEqualTo(payload);

            var degraded = app.getBean(DegradedMode.class);
            for (int i = 0; i < 40 && degraded.lastDatabaseLatency().isEmpty(); i++) {
                Thread.sleep(250);
            }
            assertThat(degraded.lastDatabaseLatency())
                    .as("surge's probe reached PostgreSQL")
                    .isPresent();
            assertThat(degraded.active()).isFalse();
            // Both on connections of their own, authenticated with the password.
            assertThat(app.getBean(JdbcClient.class)
                            .sql("select distinct application_name from pg_stat_activity where usename = 'postgres'")
                            .query(String.class)
                            .list())
                    .contains("preau-cluster-bus", "preau-surge-probe");
        }
    }

    @Test
    void aDataDirectoryOfTheOldTrustingKindIsSecuredOnItsFirstStartWithoutLosingData() throws Exception {
        // What Préau made before: zonky's initdb (trust for every local connection), no password file.
        Path runtime = data.resolve("postgresql-runtime");
        Files.createDirectories(runtime);
        try (var old = EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("postgresql"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(runtime.toFile())
                .start()) {
            try (var c = old.getPostgresDatabase().getConnection();
                    var s = c.createStatement()) {
                // Beside the application's own schema, which Flyway expects to find empty or migrated.
                s.execute("create schema legacy");
                s.execute("create table legacy.kept_from_before (v text)");
                s.execute("insert into legacy.kept_from_before values ('written under trust')");
            }
        }
        assertThat(data.resolve(EmbeddedCluster.PASSWORD_FILE)).doesNotExist();

        try (var app = start()) {
            var jdbc = app.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select v from legacy.kept_from_before")
                            .query(String.class)
                            .list())
                    .containsExactly("written under trust");
            assertThat(jdbc.sql("select distinct auth_method from pg_hba_file_rules")
                            .query(String.class)
                            .list())
                    .containsExactly("scram-sha-256");
            assertThat(show(jdbc, "fsync")).isEqualTo("on");
            assertThat(data.resolve(EmbeddedCluster.PASSWORD_FILE)).exists();
            String url = pool(app).getJdbcUrl();
            assertThatThrownBy(() -> connect(url, null)).isInstanceOf(SQLException.class);
        }
        // And the next start, already secured, uses the stored password.
        try (var app = start()) {
            assertThat(app.getBean(JdbcClient.class)
                            .sql("select count(*) from legacy.kept_from_before")
                            .query(Integer.class)
                            .single())
                    .isEqualTo(1);
        }
    }

    @Test
    void aSecondPreauOnTheSameDataDirectoryStopsAtOnceAndLeavesTheFirstAlone() throws Exception {
        try (var first = start()) {
            assertThatThrownBy(this::start)
                    .rootCause()
                    .hasMessageContaining("Another Préau is running with the data directory");
            assertThat(show(first.getBean(JdbcClient.class), "fsync")).isEqualTo("on");
        }
    }

    @Test
    void thePoolWaitsAndValidatesWithTheConfiguredTimeouts() throws Exception {
        try (var app = start("--preau.db.timeouts.pool-wait=1500ms", "--preau.db.timeouts.statement=900ms")) {
            var pool = pool(app);
            assertThat(pool.getConnectionTimeout()).isEqualTo(1500);
            assertThat(pool.getValidationTimeout()).isEqualTo(1000);
            assertThat(pool.getDataSourceProperties())
                    .containsEntry("connectTimeout", "10")
                    .containsEntry("socketTimeout", "10");
            assertThat(show(app.getBean(JdbcClient.class), "statement_timeout")).isEqualTo("900ms");
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        var args = new java.util.ArrayList<>(java.util.List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--preau.demo=false",
                "--preau.db.url=",
                "--preau.data-dir=" + data.toAbsolutePath()));
        args.addAll(java.util.List.of(extra));
        return new SpringApplicationBuilder(PreauApplication.class).run(args.toArray(String[]::new));
    }

    /** The pool behind the DataSource bean (which another module's post-processor may wrap). */
    private static HikariDataSource pool(ConfigurableApplicationContext app) throws SQLException {
        return app.getBean(javax.sql.DataSource.class).unwrap(HikariDataSource.class);
    }

    private static String show(JdbcClient jdbc, String setting) {
        return jdbc.sql("show " + setting).query(String.class).single();
    }

    private static java.sql.Connection connect(String url, String password) throws SQLException {
        var props = new Properties();
        props.setProperty("user", "postgres");
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", Long.toString(Duration.ofSeconds(5).toSeconds()));
        return DriverManager.getConnection(url, props);
    }
}
