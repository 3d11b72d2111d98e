package org.preau.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real S3-compatible endpoint for tests: s3proxy (the build copies its self-contained jar to
 * {@code target/s3proxy/s3proxy.jar}) started once per test JVM as its own process, on a free loopback port, keeping
 * objects on disk under {@code target/}. Its own process because its Jetty 11 would clash with the application's
 * libraries on one class path.
 */
public final class S3Proxy {

    public static final String ACCESS_KEY = "preau-test";
    public static final String SECRET_KEY = "preau-test-secret";
    private static S3Proxy instance;

    private final Process process;
    private final String endpoint;

    private S3Proxy(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** The endpoint, starting the server on first use. */
    public static synchronized S3Proxy get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    public String endpoint() {
        return endpoint;
    }

    /** Spring properties that point the documents module at this endpoint and {@code bucket}. */
    public List<String> properties(String bucket) {
        return List.of(
                "preau.documents.storage=s3",
                "preau.documents.s3.endpoint=" + endpoint,
                "preau.documents.s3.bucket=" + bucket,
                "preau.documents.s3.access-key=" + ACCESS_KEY,
                "preau.documents.s3.secret-key=" + SECRET_KEY);
    }

    private static S3Proxy start() {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("s3proxy is missing: " + jar + " (the build copies it; run through Maven)");
        }
        try {
            int port = freePort();
            Path dir = Files.createDirectories(Path.of("target", "s3proxy").toAbsolutePath());
            Path data = Files.createTempDirectory(dir, "data-");
            Path config = dir.resolve("s3proxy-" + port + ".properties");
            String endpoint = "http://127.0.0.1:" + port;
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            List.of(
                                    "s3proxy.endpoint=" + endpoint,
                                    "s3proxy.authorization=aws-v2-or-v4",
                                    "s3proxy.identity=" + ACCESS_KEY,
                                    "s3proxy.credential=" + SECRET_KEY,
                                    "jclouds.provider=filesystem",
                                    "jclouds.filesystem.basedir=" + data)));
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(
                            java, "-Xmx256m", "-jar", jar.toString(), "--properties", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy-" + port + ".log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("s3proxy stopped at start: see " + dir);
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return new S3Proxy(process, endpoint);
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            process.destroy();
            throw new IllegalStateException("s3proxy did not start within 60 s");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
