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
    void aRandomPathReachesNoResourceHandlerAndIsTheNotFoundPage() throws Exception {
        for (String path : List.of("/wp-login.php", "/ecoles", "/x/y/z.css", "/favicon.ico", "/static/assets/a.css")) {
            assertThat(resourceHandlerFor(path)).as(path).isFalse();
        }
        // /favicon.ico is public (browsers ask for it before any log-in) and Préau has none.
        var answer = new HttpUser(port).get("/favicon.ico");
        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("<html");
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
