package org.preau.status.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The probes that need no database: the SMTP conversation up to EHLO, and the HTTP GET (the file store's probe is
 * the documents module's StorageProbe, exercised by StatusOutageTest and StatusAcrossNodesTest). The HTTP server is the JDK's own; the SMTP peer is
 * a scripted one on loopback that answers as RFC 5321 says (no SMTP server is among the test dependencies).
 */
class ProbesTest {

    static final Duration TIMEOUT = Duration.ofSeconds(2);

    @Test
    void theSmtpProbeNeedsTheGreetingAndTheAnswerToEhlo() throws Exception {
        var heard = Collections.synchronizedList(new ArrayList<String>());
        try (var server =
                smtpPeer("220 mail.example.fr ESMTP", List.of("250-mail.example.fr", "250 SIZE 1000"), heard)) {
            Probes.smtp("127.0.0.1", server.getLocalPort(), TIMEOUT).run();
        }
        // The peer's thread may still be recording the probe's last line (QUIT): assert on a copy taken under the
        // list's lock (iterating the synchronized list itself raced with it once in CI).
        List<String> said;
        synchronized (heard) {
            said = List.copyOf(heard);
        }
        assertThat(said).startsWith("EHLO preau-status");
        try (var server = smtpPeer("554 no service", List.of(), heard)) {
            assertThatThrownBy(() -> Probes.smtp("127.0.0.1", server.getLocalPort(), TIMEOUT)
                            .run())
                    .isInstanceOf(Probes.Failed.class)
                    .hasMessage("smtp-reply");
        }
        int closed;
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> Probes.smtp("127.0.0.1", closed, TIMEOUT).run())
                .isInstanceOf(java.io.IOException.class);
    }

    @Test
    void theHttpProbePassesOn2xxAndFailsOnErrors() throws Exception {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metadata", e -> {
            byte[] body = "<EntityDescriptor/>".getBytes(StandardCharsets.UTF_8);
            e.sendResponseHeaders(200, body.length);
            e.getResponseBody().write(body);
            e.close();
        });
        server.createContext("/broken", e -> {
            e.sendResponseHeaders(503, -1);
            e.close();
        });
        server.start();
        try {
            var client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThatCode(() -> Probes.http(client, URI.create(base + "/metadata"), TIMEOUT)
                            .run())
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> Probes.http(client, URI.create(base + "/broken"), TIMEOUT)
                            .run())
                    .hasMessage("http-5xx");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aFailureIsRecordedByItsKindNeverItsMessage() {
        assertThat(StatusRuntime.kind(new java.sql.SQLException("connection to 10.0.0.5:5432 refused")))
                .isEqualTo("SQLException");
        assertThat(StatusRuntime.kind(new Probes.Failed("mismatch"))).isEqualTo("mismatch");
    }

    /** A one-connection SMTP peer: greets, answers EHLO with {@code ehlo}, then QUIT with 221. */
    static ServerSocket smtpPeer(String greeting, List<String> ehlo, List<String> heard) throws Exception {
        var server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (var socket = server.accept()) {
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                out.write((greeting + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String line;
                while ((line = in.readLine()) != null) {
                    heard.add(line);
                    if (line.startsWith("EHLO")) {
                        for (String l : ehlo) {
                            out.write((l + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        }
                    } else if (line.equals("QUIT")) {
                        out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        return;
                    }
                    out.flush();
                }
            } catch (Exception ignored) {
                // The probe hung up: nothing more to say.
            }
        });
        return server;
    }
}
