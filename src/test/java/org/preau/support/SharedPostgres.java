package org.preau.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 17 per test JVM (the same embedded binaries the product runs), with a fresh database for
 * each Spring test context, so that contexts never see each other's data and initdb runs once.
 */
public final class SharedPostgres {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres instance;

    private SharedPostgres() {}

    public static synchronized EmbeddedPostgres instance() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("preau-test-pg");
                Path runtime = Files.createTempDirectory("preau-test-pg-runtime");
                instance = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(true)
                        .setOverrideWorkingDirectory(runtime.toFile())
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        instance.close();
                    } catch (IOException ignored) {
                        // The JVM is going away; nothing useful to do.
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public static String newDatabase() {
        var pg = instance();
        String name = "preau_test_" + DATABASES.incrementAndGet();
        try (var c = pg.getPostgresDatabase().getConnection();
                var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name, e);
        }
        return pg.getJdbcUrl("postgres", name);
    }
}
