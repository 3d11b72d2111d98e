package org.preau.support;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real ClamAV daemon for tests (Debian's {@code clamav-daemon}, installed by {@code .ci/run}), started once per
 * test JVM on a free loopback port with a database of one signature, the EICAR test string's: signatures cannot be
 * downloaded here, and EICAR is what every antivirus recognises by agreement. With {@code CI=true} a missing clamd
 * fails the test; elsewhere the test is skipped and says so loudly on the console.
 */
public final class Clamd {

    /** The EICAR anti-virus test file, harmless by design. */
    public static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    public static final String SIGNATURE = "Preau-Test-EICAR";
    private static Clamd instance;
    private final int port;

    private Clamd(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    /** The running daemon, started on first use; skips (or fails on CI) when clamd is not installed. */
    public static synchronized Clamd get() {
        if (instance != null) {
            return instance;
        }
        Path binary = List.of(Path.of("/usr/sbin/clamd"), Path.of("/usr/bin/clamd")).stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        if (binary == null) {
            String message = "clamd is not installed (apt-get install -y clamav-daemon): the ClamAV test cannot run";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + " and CI=true requires it");
            }
            System.err.println("\n*** SKIPPED: " + message + " ***\n");
            Assumptions.abort(message);
        }
        instance = start(binary);
        return instance;
    }

    private static Clamd start(Path binary) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "clamd").toAbsolutePath());
            Path db = Files.createDirectories(dir.resolve("db"));
            Files.writeString(
                    db.resolve("preau-test.ndb"),
                    SIGNATURE + ":0:*:" + HexFormat.of().formatHex(EICAR.getBytes(StandardCharsets.US_ASCII)) + "\n");
            int port = S3Proxy.freePort();
            Path config = dir.resolve("clamd-" + port + ".conf");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            List.of(
                                    "DatabaseDirectory " + db,
                                    "TCPSocket " + port,
                                    "TCPAddr 127.0.0.1",
                                    "Foreground yes",
                                    "LogFile " + dir.resolve("clamd-" + port + ".log"),
                                    "PidFile " + dir.resolve("clamd-" + port + ".pid"),
                                    "")));
            Process process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("clamd-" + port + ".out").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("clamd stopped at start: see " + dir);
                }
                if (pong(port)) {
                    return new Clamd(port);
                }
                Thread.sleep(250);
            }
            process.destroy();
            throw new IllegalStateException("clamd did not answer within 90 s: see " + dir);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean pong(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(2000);
            var out = new DataOutputStream(s.getOutputStream());
            out.write("zPING\0".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII).startsWith("PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
