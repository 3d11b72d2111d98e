package org.preau.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.preau.platform.PreauProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL 17 (binaries shipped through Maven) when no external database is configured, so
 * that {@code ./preau run} works on a fresh machine with only a JDK. Its data directory lives under
 * {@code preau.data-dir} and is kept between runs: a restart keeps all data.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${preau.db.url:}'.isBlank()")
class EmbeddedDatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfig.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(PreauProperties properties) throws IOException {
        Path root = properties.dataDir().toAbsolutePath();
        Path pgData = root.resolve("postgresql");
        Path runtime = root.resolve("postgresql-runtime");
        Files.createDirectories(pgData);
        Files.createDirectories(runtime);
        removeStaleLock(pgData);
        long started = System.nanoTime();
        var pg = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(runtime.toFile())
                .setPort(freePort())
                .setServerConfig("max_connections", "300")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("timezone", "UTC")
                .start();
        log.info(
                "Embedded PostgreSQL started on 127.0.0.1:{} with data in {} ({} ms)",
                pg.getPort(),
                pgData,
                (System.nanoTime() - started) / 1_000_000);
        return pg;
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres pg, Environment env) {
        var config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPoolName("preau");
        config.setMaximumPoolSize(env.getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 20));
        config.setConnectionTimeout(env.getProperty("spring.datasource.hikari.connection-timeout", Long.class, 5000L));
        return new HikariDataSource(config);
    }

    /** A previous run killed hard leaves postmaster.pid behind; PostgreSQL refuses to start while it names a live process. */
    private static void removeStaleLock(Path pgData) throws IOException {
        Path pid = pgData.resolve("postmaster.pid");
        if (!Files.exists(pid)) {
            return;
        }
        String first = Files.readAllLines(pid).stream().findFirst().orElse("").trim();
        boolean alive = !first.isEmpty()
                && ProcessHandle.of(Long.parseLong(first))
                        .map(ProcessHandle::isAlive)
                        .orElse(false);
        if (!alive) {
            log.warn("Removing stale {} left by a previous run", pid);
            Files.delete(pid);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
