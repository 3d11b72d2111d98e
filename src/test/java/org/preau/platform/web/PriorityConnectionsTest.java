package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Kept-alive connections of signed-in users and of the status page's readers are served ahead of the shared
 * virtual-thread queue (docs/adr/0081), each on a pool of its own (docs/adr/0082), on a real Tomcat over real sockets:
 * one raw HTTP/1.1 connection per test, so that which requests share a connection is certain, and the pools' counters
 * say where each request ran.
 */
@PreauIntegrationTest
class PriorityConnectionsTest {

    private static final String PASSWORD = "une phrase de passe assez longue";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @Autowired
    MeterRegistry metrics;

    @BeforeEach
    void realCsrf() {
        RealCsrf.restore(context);
    }

    @Autowired
    PriorityConnections.PriorityPools pools;

    /** Socket events run on the signed-in pages' pool. */
    private double ranAhead() {
        return ran("priority");
    }

    /** Socket events run on the pool of pages answered from memory (docs/adr/0082). */
    private double ranFromMemory() {
        return ran("memory");
    }

    private double ran(String pool) {
        var counter = metrics.find("preau.connection.tasks").tag("pool", pool).counter();
        return counter == null ? 0 : counter.count();
    }

    /*
     * Where a request runs is counted per socket event. When the next request is already there as the previous one
     * ends, Tomcat reads it in the same event (on the same thread): the tests pause between requests so that each
     * one is an event of its own, and count "at least" where a pause could still be too short.
     */

    @Test
    void theStatusPagesReaderIsServedAheadOnTheSameConnectionUntilItAsksForSomethingElse() throws Exception {
        try (var connection = new RawConnection(port)) {
            double before = ranFromMemory();
            double signedInBefore = ranAhead();
            assertThat(connection.get("/statut", null)).isEqualTo(200); // promotes the connection
            assertThat(connection.get("/statut", null)).isEqualTo(200); // ahead
            assertThat(connection.get("/statut", null)).isEqualTo(200);
            assertThat(ranFromMemory() - before).isGreaterThanOrEqualTo(1.0);
            assertThat(ranAhead() - signedInBefore)
                    .as("the status page's readers are not on the signed-in pages' pool")
                    .isZero();

            assertThat(connection.get("/connexion", null)).isEqualTo(200); // an anonymous page: demoted
            double demoted = ranFromMemory();
            assertThat(connection.get("/connexion", null)).isEqualTo(200); // back in the shared queue
            assertThat(connection.get("/connexion", null)).isEqualTo(200);
            assertThat(ranFromMemory() - demoted).isZero();
        }
    }

    @Test
    void theStatusPagesReaderIsAnsweredWhileEverySignedInThreadAheadIsBlocked() throws Exception {
        // Signed-in pages waiting for the database hold the signed-in pool's threads, and its queue is full: the
        // status page's readers have threads of their own (docs/adr/0082).
        var release = new java.util.concurrent.CountDownLatch(1);
        var executor = pools.signedIn.executor;
        Runnable blocker = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try {
            // Every thread busy first (idle ones take from the queue), then the queue filled.
            for (int i = 0; i < executor.getMaximumPoolSize(); i++) {
                executor.execute(blocker);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (executor.getActiveCount() < executor.getMaximumPoolSize() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(executor.getActiveCount()).isEqualTo(executor.getMaximumPoolSize());
            for (int i = executor.getQueue().remainingCapacity(); i > 0; i--) {
                executor.execute(blocker);
            }
            assertThat(executor.getQueue().remainingCapacity()).isZero();
            try (var connection = new RawConnection(port)) {
                double before = ranFromMemory();
                for (int i = 0; i < 3; i++) {
                    assertThat(connection.get("/statut", null)).isEqualTo(200);
                }
                assertThat(ranFromMemory() - before).isGreaterThanOrEqualTo(1.0);
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSignedInPupilsNextRequestsOnTheirConnectionGoAhead() throws Exception {
        CurrentUser pupil = TestSchool.create(jdbc).pupil;
        accounts.setPassword(pupil.accountId(), PASSWORD);
        var browser = new HttpUser(port);
        assertThat(browser.logIn(pupil.login(), PASSWORD, false).statusCode()).isEqualTo(302);
        String cookies = String.join(
                "; ",
                browser.cookies.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList());

        try (var connection = new RawConnection(port)) {
            double before = ranAhead();
            double fromMemoryBefore = ranFromMemory();
            assertThat(connection.get("/", cookies)).isEqualTo(200);
            assertThat(connection.get("/", cookies)).isEqualTo(200);
            assertThat(connection.get("/", cookies)).isEqualTo(200);
            assertThat(ranAhead() - before).isGreaterThanOrEqualTo(1.0);
            assertThat(ranFromMemory() - fromMemoryBefore)
                    .as("signed-in pages read the database: not on the pool of pages from memory")
                    .isZero();
        }
    }

    @Test
    void anAnonymousConnectionIsNeverAhead() throws Exception {
        try (var connection = new RawConnection(port)) {
            double before = ranAhead() + ranFromMemory();
            for (int i = 0; i < 3; i++) {
                assertThat(connection.get("/connexion", null)).isEqualTo(200);
            }
            assertThat(ranAhead() + ranFromMemory() - before).isZero();
        }
    }

    @Test
    void theExecutorTomcatRunsIsTheDispatcherOverTheVirtualThreads() {
        var server = (org.springframework.boot.tomcat.TomcatWebServer)
                ((org.springframework.boot.web.server.context.WebServerApplicationContext) context).getWebServer();
        var executor = server.getTomcat().getConnector().getProtocolHandler().getExecutor();
        assertThat(executor).isInstanceOf(PriorityConnections.Dispatcher.class);
        assertThat(((PriorityConnections.Dispatcher) executor).shared())
                .isInstanceOf(org.apache.tomcat.util.threads.VirtualThreadExecutor.class);
    }

    @Test
    void theMainConnectorKeepsTheSurgeMorningsConnectionSettings() {
        var server = (org.springframework.boot.tomcat.TomcatWebServer)
                ((org.springframework.boot.web.server.context.WebServerApplicationContext) context).getWebServer();
        var protocol = (org.apache.coyote.http11.AbstractHttp11Protocol<?>)
                server.getTomcat().getConnector().getProtocolHandler();
        // docs/adr/0065: a backlog a flood does not fill, kept-alive connections that last.
        assertThat(protocol.getAcceptCount()).isEqualTo(1024);
        assertThat(protocol.getMaxKeepAliveRequests()).isEqualTo(1000);
        // docs/adr/0085: the processors of thousands of connections in flight are kept, not rebuilt per request.
        assertThat(protocol.getProcessorCache()).isEqualTo(4096);
    }

    /** One HTTP/1.1 connection kept alive: requests in turn, each answer read whole (length or chunks). */
    static final class RawConnection implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RawConnection(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        int get(String path, String cookies) throws IOException, InterruptedException {
            Thread.sleep(300); // the previous request's event ends (see above)
            String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n"
                    + (cookies == null ? "" : "Cookie: " + cookies + "\r\n") + "\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = line();
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String h = header.toLowerCase(Locale.ROOT);
                if (h.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (h.startsWith("transfer-encoding:") && h.contains("chunked")) {
                    chunked = true;
                } else if (h.startsWith("connection:") && h.contains("close")) {
                    throw new IOException("the server closed the connection: " + status);
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16);
                        size > 0;
                        size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    in.readNBytes((int) size);
                    line();
                }
                line();
            } else if (length > 0) {
                in.readNBytes((int) length);
            }
            return Integer.parseInt(status.split(" ")[1]);
        }

        private String line() throws IOException {
            var bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
