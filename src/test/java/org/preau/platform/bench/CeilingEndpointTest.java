package org.preau.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
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
import org.springframework.test.context.TestPropertySource;

/**
 * With {@code preau.bench.ceiling=true} (what bench/run passes), the benchmark's ceiling answers a signed-in pupil
 * through the same chain as "Aujourd'hui": sign-in required, the surge filter's signed-in lane, compression, a weak
 * ETag that a repeat view revalidates to a 304.
 */
@PreauIntegrationTest
@TestPropertySource(properties = "preau.bench.ceiling=true")
class CeilingEndpointTest {

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

    private HttpUser signedIn(CurrentUser who) throws Exception {
        accounts.setPassword(who.accountId(), PASSWORD);
        var user = new HttpUser(port);
        assertThat(user.logIn(who.login(), PASSWORD, false).statusCode()).isEqualTo(302);
        return user;
    }

    private static String cookieHeader(HttpUser user) {
        return user.cookies.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private double admittedSignedIn() {
        var counter = metrics.find("preau.surge.lane.requests")
                .tag("lane", "SIGNED_IN_PRIORITY")
                .tag("outcome", "admitted")
                .functionCounter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aSignedInPupilGetsExactlyTheBytesAskedForThroughTheSignedInLane() throws Exception {
        var pupil = signedIn(TestSchool.create(jdbc).pupil);
        double before = admittedSignedIn();

        HttpResponse<String> page = pupil.get("/bench/plafond?bytes=12345");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSize(12345);
        assertThat(page.body()).startsWith("<!doctype html>").endsWith("</html>\n");
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Cache-Control").orElse("")).contains("no-cache", "private");
        assertThat(page.headers().firstValue("ETag").orElse("")).startsWith("W/\"");
        // The platform's security headers, as on every page.
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(admittedSignedIn()).isGreaterThan(before);
    }

    @Test
    void aRepeatViewWithItsETagIsNotModified() throws Exception {
        var pupil = signedIn(TestSchool.create(jdbc).pupil);
        String etag = pupil.get("/bench/plafond?bytes=4000")
                .headers()
                .firstValue("ETag")
                .orElseThrow();

        var repeat = pupil.send(
                "/bench/plafond?bytes=4000",
                r -> r.header("If-None-Match", etag).GET());

        assertThat(repeat.statusCode()).isEqualTo(304);
        assertThat(repeat.body()).isEmpty();
        var other = pupil.send(
                "/bench/plafond?bytes=4001",
                r -> r.header("If-None-Match", etag).GET());
        assertThat(other.statusCode()).isEqualTo(200);
    }

    @Test
    void itIsCompressedForABrowserThatAcceptsGzip() throws Exception {
        var pupil = signedIn(TestSchool.create(jdbc).pupil);

        var gz = pupil.send(
                "/bench/plafond?bytes=20000",
                r -> r.header("Accept", "text/html")
                        .header("Accept-Encoding", "gzip, deflate, br")
                        .GET());

        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        var raw = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://127.0.0.1:" + port + "/bench/plafond?bytes=20000"))
                                .header("Accept", "text/html")
                                .header("Accept-Encoding", "gzip")
                                .header("Cookie", cookieHeader(pupil))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.statusCode()).isEqualTo(200);
        byte[] body = new GZIPInputStream(new java.io.ByteArrayInputStream(raw.body())).readAllBytes();
        assertThat(body).hasSize(20000);
        assertThat(raw.body().length).isLessThan(20000 / 2);
    }

    @Test
    void signedOutTheSignedInCeilingSendsToTheLogInPageAndThePublicTwinAnswers() throws Exception {
        var anonymous = new HttpUser(port);

        var signedInOnly = anonymous.get("/bench/plafond");
        assertThat(signedInOnly.statusCode()).isEqualTo(302);
        assertThat(signedInOnly.headers().firstValue("Location").orElse("")).contains("/connexion");

        var open = anonymous.get("/bench/plafond-public?bytes=3000");
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.body()).hasSize(3000);
    }

    @Test
    void aSizeOutOfRangeIsRefusedWithAMessage() throws Exception {
        var pupil = signedIn(TestSchool.create(jdbc).pupil);

        var tooBig = pupil.get("/bench/plafond?bytes=2000000");

        assertThat(tooBig.statusCode()).isEqualTo(400);
        assertThat(tooBig.body()).contains("La taille demandée doit être comprise entre");
        assertThat(pupil.get("/bench/plafond?bytes=0").statusCode()).isEqualTo(400);
    }

    @Test
    void theSameSizeIsTheSameBytesEveryTime() {
        assertThat(CeilingController.html(777)).hasSize(777).isEqualTo(CeilingController.html(777));
        assertThat(CeilingController.html(10)).hasSize(10);
    }
}
