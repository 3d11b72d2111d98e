package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

/**
 * Static files are served from their own prefixes only: under a flood of random URLs (the benchmark's attack A2,
 * {@code /wp-login.php} and the like), looking each one up in the classpath's resource folders was 17 % of the
 * server's CPU during the attack run of 2026-12-01T1713Z (JFR). A path outside those prefixes must not reach the
 * resource handler at all, while fingerprinted assets keep working with their long cache.
 */
@PreauIntegrationTest
class StaticAssetsTest {

    @Autowired
    List<HandlerMapping> mappings;

    @Autowired
    ResourceUrlProvider assets;

    @LocalServerPort
    int port;

    @Test
    void aRandomPathReachesNoResourceHandler() throws Exception {
        for (String path : List.of("/wp-login.php", "/ecoles", "/x/y/z.css", "/favicon.ico", "/static/assets/a.css")) {
            assertThat(resourceHandlerFor(path)).as(path).isFalse();
        }
    }

    /**
     * Every browser asks for {@code /favicon.ico} unless the page names an icon, and the attack's flood asks for it
     * a fifth of the time: it was a 404 page (about 400 µs of server CPU each, bench/flood-costs), 17,210 of them in
     * the attack run 2026-12-02T0130Z. It is served from memory now, and the pages name a fingerprinted SVG icon.
     */
    @Test
    void theIconIsAStaticFileAndThePagesNameIt() throws Exception {
        var user = new HttpUser(port);
        var http = java.net.http.HttpClient.newHttpClient();
        var uri = java.net.URI.create("http://127.0.0.1:" + port + "/favicon.ico");
        var ico = http.send(
                java.net.http.HttpRequest.newBuilder(uri).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(ico.statusCode()).isEqualTo(200);
        assertThat(ico.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/x-icon");
        assertThat(ico.headers().firstValue("Cache-Control").orElse("")).contains("max-age=604800", "public");
        assertThat(ico.body())
                .isEqualTo(new org.springframework.core.io.ClassPathResource("static/favicon.ico")
                        .getContentAsByteArray());
        String etag = ico.headers().firstValue("ETag").orElseThrow();
        var again = http.send(
                java.net.http.HttpRequest.newBuilder(uri)
                        .header("If-None-Match", etag)
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(again.statusCode()).isEqualTo(304);

        String svg = assets.getForLookupPath("/assets/platform/favicon.svg");
        assertThat(svg).matches("/assets/platform/favicon-[0-9a-f]{32}\\.svg");
        var page = user.get("/connexion");
        assertThat(page.body()).contains("<link rel=\"icon\" href=\"" + svg + "\" type=\"image/svg+xml\">");
        var icon = user.get(svg);
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    }

    @Test
    void assetsAndTheRootFilesAreServedFingerprintedWithALongCache() throws Exception {
        var user = new HttpUser(port);
        String css = assets.getForLookupPath("/assets/platform/preau.css");
        assertThat(css).matches("/assets/platform/preau-[0-9a-f]{32}\\.css");
        var fingerprinted = user.get(css);
        assertThat(fingerprinted.statusCode()).isEqualTo(200);
        assertThat(fingerprinted.headers().firstValue("Cache-Control").orElse(""))
                .contains("max-age=31536000", "public");
        assertThat(user.get("/assets/platform/preau.css").statusCode()).isEqualTo(200);
        for (String path : List.of("/sw.js", "/manifest.webmanifest", "/assets/surge/pow.js")) {
            assertThat(resourceHandlerFor(path)).as(path).isTrue();
            assertThat(user.get(path).statusCode()).as(path).isEqualTo(200);
        }
        assertThat(user.get("/assets/platform/nothing-here.css").statusCode()).isEqualTo(404);
    }

    private boolean resourceHandlerFor(String path) throws Exception {
        HttpServletRequest request = new MockHttpServletRequest("GET", path);
        for (HandlerMapping mapping : mappings) {
            HandlerExecutionChain chain = mapping.getHandler(request);
            if (chain != null && chain.getHandler() instanceof ResourceHttpRequestHandler) {
                return true;
            }
        }
        return false;
    }
}
