package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.preau.surge.Lane;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * ADR 0091: what may skip the surge lanes for its module's own gate — a signed-in browser's WebSocket handshake to a
 * gated path, and nothing else that claims an upgrade: a log-in POST carrying the header still meets the
 * proof-of-work and the waiting room, an anonymous or suspect client the lanes.
 */
class GatedHandshakeTest {

    static final List<String> GATED = List.of("/classe/");

    private static MockHttpServletRequest handshake(String method, String path) {
        var r = new MockHttpServletRequest(method, path);
        r.addHeader("Upgrade", "websocket");
        r.addHeader("Connection", "keep-alive, Upgrade");
        r.addHeader("Sec-WebSocket-Version", "13");
        r.addHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        return r;
    }

    @Test
    void aSignedInHandshakeToAGatedPathSkipsTheLanes() {
        var r = handshake("GET", "/classe/abc/direct");
        assertThat(SurgeFilter.gatedHandshake(r, Lane.SIGNED_IN_PRIORITY, false, GATED))
                .isTrue();
        assertThat(SurgeFilter.gatedHandshake(r, Lane.SIGNED_IN_PARENT, false, GATED))
                .isTrue();
    }

    @Test
    void nothingElseThatClaimsAnUpgradeDoes() {
        var gated = handshake("GET", "/classe/abc/direct");
        assertThat(SurgeFilter.gatedHandshake(gated, Lane.ANONYMOUS, false, GATED))
                .as("anonymous")
                .isFalse();
        assertThat(SurgeFilter.gatedHandshake(gated, Lane.SUSPECT, false, GATED))
                .as("suspect")
                .isFalse();
        assertThat(SurgeFilter.gatedHandshake(handshake("POST", "/connexion"), Lane.LOGIN, true, GATED))
                .as("a log-in attempt with the header")
                .isFalse();
        assertThat(SurgeFilter.gatedHandshake(
                        handshake("POST", "/classe/abc/direct"), Lane.SIGNED_IN_PRIORITY, false, GATED))
                .as("not a GET")
                .isFalse();
        assertThat(SurgeFilter.gatedHandshake(handshake("GET", "/"), Lane.SIGNED_IN_PRIORITY, false, GATED))
                .as("a path no module gates")
                .isFalse();
        var noKey = new MockHttpServletRequest("GET", "/classe/abc/direct");
        noKey.addHeader("Upgrade", "websocket");
        noKey.addHeader("Connection", "Upgrade");
        assertThat(SurgeFilter.gatedHandshake(noKey, Lane.SIGNED_IN_PRIORITY, false, GATED))
                .as("without the handshake's key")
                .isFalse();
    }
}
