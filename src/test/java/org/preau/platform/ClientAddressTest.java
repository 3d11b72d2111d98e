package org.preau.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.preau.platform.web.ClientAddress;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTest {

    @Test
    void ignoresForwardedForFromUntrustedPeers() {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr("127.0.0.9");
        request.addHeader("X-Forwarded-For", "127.0.0.77");
        assertThat(ClientAddress.of(request, Set.of("127.0.0.1"))).isEqualTo("127.0.0.9");
    }

    @Test
    void takesTheRightMostUntrustedHopBehindATrustedProxy() {
        var request = new MockHttpServletRequest();
        request.setRemoteAddr("127.0.0.1");
        request.addHeader("X-Forwarded-For", "127.0.0.66, 127.0.0.44, 127.0.0.2");
        assertThat(ClientAddress.of(request, Set.of("127.0.0.1", "127.0.0.2"))).isEqualTo("127.0.0.44");
    }
}
