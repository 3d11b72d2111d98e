package org.preau.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preau.PreauApplication;

/**
 * The product as an operator runs it, in a JVM of its own, killed with SIGKILL ({@code kill -9}: no shutdown hook,
 * the embedded postmaster survives as an orphan holding {@code postmaster.pid}) and started again on the same data
 * directory. Before the fix that second start failed every time; it must come up the first time, with the data.
 */
class KillNineRestartTest {

    /** Guards against a hung child only: how long a start normally takes is not what this test is about. */
    private static final Duration START_GUARD = Duration.ofMinutes(3);

    @TempDir
    Path data;

    private final List<Process> children = new ArrayList<>();

    @Test
    void theFirstStartAfterKillNineOnTheSameDataDirectoryComesUp() throws Exception {
        Process first = startServer("first");
        String school = "Collège du Kill " + UUID.randomUUID();
        try (var c = connect()) {
            try (var s = c.prepareStatement("insert into school (id, uai, name) values (?, '0319998Y', ?)")) {
                s.setObject(1, UUID.randomUUID());
                s.setString(2, school);
                s.executeUpdate();
            }
        }
        long orphan = postmasterPid();

        first.destroyForcibly(); // SIGKILL on Unix
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive))
                .as("the precondition: PostgreSQL survives its JVM's kill -9")
                .contains(true);

        startServer("second");

        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false))
                .as("the orphan was stopped")
                .isFalse();
        assertThat(postmasterPid()).isNotEqualTo(orphan);
        try (var c = connect();
                var s = c.prepareStatement("select count(*) from school where name = ?")) {
            s.setString(1, school);
            try (var rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("the row committed before the kill").isEqualTo(1);
            }
        }
    }

    /** Starts the application in a child JVM and waits until it answers its health check. */
    private Process startServer(String name) throws Exception {
        int port = freePort();
        Path log = data.getParent().resolve(data.getFileName() + "-" + name + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                PreauApplication.class.getName(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--preau.demo=false",
                "--preau.db.url=",
                "--preau.data-dir=" + data.toAbsolutePath(),
                "--logging.level.root=WARN");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        children.add(process);
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + START_GUARD.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        "The " + name + " start failed (exit " + process.exitValue() + "):\n" + tail(log));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("The " + name + " start did not come up:\n" + tail(log));
    }

    private java.sql.Connection connect() throws Exception {
        var lines = Files.readAllLines(data.resolve("postgresql/postmaster.pid"));
        int port = Integer.parseInt(lines.get(3).trim());
        var props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty(
                "password",
                Files.readString(data.resolve(EmbeddedCluster.PASSWORD_FILE)).trim());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", props);
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postgresql/postmaster.pid"))
                .getFirst()
                .trim());
    }

    /** Stops what this test started, by pid: the child JVMs, then a postmaster of this data directory if any. */
    @AfterEach
    void stopWhatWasStarted() throws Exception {
        for (var child : children) {
            if (child.isAlive()) {
                child.destroy(); // SIGTERM: Spring closes the context and stops PostgreSQL
                if (!child.waitFor(60, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
        Path pid = data.resolve("postgresql/postmaster.pid");
        Optional<ProcessHandle> left = Files.exists(pid)
                ? ProcessHandle.of(postmasterPid())
                        .filter(p -> StalePostmaster.isPostgresOf(p, data.resolve("postgresql")))
                : Optional.empty();
        left.ifPresent(p -> {
            p.destroy();
            p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        });
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no output)";
        }
        var lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
