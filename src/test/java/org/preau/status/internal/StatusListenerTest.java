package org.preau.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The status page's listener of its own (docs/adr/0083), on the real Tomcat of the shared test context (which turns
 * it on with {@code preau.status.port=0}): the page, its JSON and feed are served there, on its own threads, and
 * nothing else is.
 */
@PreauIntegrationTest
class StatusListenerTest {

    @Autowired
    StatusListener.Listener listener;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int mainPort;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Accept-Language", "fr")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageItsJsonAndItsFeedAreServedOnTheirOwnThreads() throws Exception {
        int port = listener.localPort();
        assertThat(port).isPositive().isNotEqualTo(mainPort);
        long before = listener.threads.getCompletedTaskCount();

        var page = get(port, "/statut");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<html").contains("/assets/status/status");
        var json = get(port, "/statut.json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).contains("\"components\"");
        assertThat(get(port, "/statut.atom").statusCode()).isEqualTo(200);
        String css = page.body().replaceAll("(?s).*href=\"(/assets/status/status[^\"]*\\.css)\".*", "$1");
        assertThat(get(port, css).statusCode()).as(css).isEqualTo(200);

        assertThat(listener.threads.getCompletedTaskCount() - before)
                .as("socket events run by the status listener's own threads")
                .isGreaterThanOrEqualTo(1);
        assertThat(get(mainPort, "/statut").statusCode())
                .as("still on the main listener")
                .isEqualTo(200);
    }

    @Test
    void itListensWhereTheMainListenerDoes() {
        // Demo mode (the test context's) binds the main listener to the loopback only: this one too.
        Object address = listener.connector.getProperty("address");
        assertThat(address).isInstanceOf(java.net.InetAddress.class);
        assertThat(((java.net.InetAddress) address).isLoopbackAddress()).isTrue();
    }

    @Test
    void nothingElseIsServedThere() throws Exception {
        int port = listener.localPort();
        for (String path : new String[] {"/connexion", "/api/v1/me", "/admin/statut/", "/actuator/prometheus", "/x"}) {
            var answer = get(port, path);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(answer.body()).contains("/statut");
        }
        var root = get(port, "/");
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/statut");
        var post = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/statut"))
                        .POST(HttpRequest.BodyPublishers.ofString("x"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(404);
    }

    /** Answers given by {@code StatusAnswers} for one listener: the first filter's, or the controller's. */
    private double answered(String listener) {
        return meters.get("preau.status.answers")
                .tag("listener", listener)
                .counter()
                .count();
    }

    @Test
    void thePageIsAnsweredBeforeAnyOtherFilterWithTheSameBytesHeadersAndLanguage() throws Exception {
        int port = listener.localPort();
        double firstBefore = answered("status");
        double controllerBefore = answered("main");
        var gz = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/statut"))
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gz.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(gz.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(gz.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("public").contains("max-age=10"));
        assertThat(gz.headers().firstValue("Content-Language")).hasValue("fr");
        assertThat(gz.headers().firstValue("Set-Cookie")).isEmpty();
        String page = new String(
                new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body())).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("<html").contains("lang=\"fr\"");

        // The same ETag answers 304 there, with the caching headers.
        String etag = gz.headers().firstValue("ETag").orElseThrow();
        var again = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/statut"))
                        .header("Accept-Encoding", "gzip")
                        .header("If-None-Match", etag)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.headers().firstValue("Cache-Control")).isPresent();

        // ?lang=en as everywhere else: English, remembered in the language cookie.
        var english = get(port, "/statut?lang=en");
        assertThat(english.statusCode()).isEqualTo(200);
        assertThat(english.headers().firstValue("Content-Language")).hasValue("en");
        assertThat(english.body()).contains("lang=\"en\"");
        assertThat(english.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("preau_lang=en"));

        // HEAD: the headers without a body.
        var head = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/statut.json"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(head.body()).isEmpty();

        // All four were answered by the listener's first filter (which does not go on through the chain), none by the
        // controller at the chain's end …
        assertThat(answered("status") - firstBefore).isEqualTo(4);
        assertThat(answered("main")).isEqualTo(controllerBefore);
        // … while the main listener's copy goes through the chain to the controller.
        var main = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mainPort + "/statut"))
                        .header("Accept-Encoding", "gzip")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(main.statusCode()).isEqualTo(200);
        assertThat(main.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(answered("main") - controllerBefore).isEqualTo(1);
    }
}
