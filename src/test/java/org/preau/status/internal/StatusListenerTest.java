package org.preau.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
}
