package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** ADR 0088: the handshakes beyond the first few wait their turn, in order, and too long a wait is a 503. */
class HandshakeGateTest {

    private static MockHttpServletRequest upgrade(String path) {
        var request = new MockHttpServletRequest("GET", path);
        request.addHeader("Upgrade", "websocket");
        return request;
    }

    @Test
    void handshakesBeyondTheFirstFewWaitTheirTurnAndTooLongAWaitIsRefused() throws Exception {
        var gate = new HandshakeGate(2, Duration.ofMillis(300));
        var release = new CountDownLatch(1);
        var inside = new AtomicInteger();
        var most = new AtomicInteger();
        var entered = new CountDownLatch(2);
        FilterChain held = (req, res) -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inside.decrementAndGet();
            }
        };
        var first = Thread.ofVirtual().start(() -> run(gate, held));
        var second = Thread.ofVirtual().start(() -> run(gate, held));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        // A third finds both turns taken, waits 300 ms and is told to come back.
        var refused = new MockHttpServletResponse();
        var reached = new AtomicInteger();
        gate.doFilter(upgrade("/classe/abc/direct"), refused, (req, res) -> reached.incrementAndGet());
        assertThat(reached).hasValue(0);
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
        // A status, not an error dispatch: no error page rendered for a socket (ADR 0091).
        assertThat(refused.getErrorMessage()).isNull();
        assertThat(refused.getContentAsString()).isEmpty();
        assertThat(gate.refused.sum()).isEqualTo(1);

        // A fourth waits, and goes through as soon as a turn frees.
        var fourth = new MockHttpServletResponse();
        var waiting = Thread.ofVirtual().start(() -> {
            try {
                gate.doFilter(upgrade("/classe/abc/direct"), fourth, (req, res) -> reached.incrementAndGet());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(reached).as("still waiting while both turns are taken").hasValue(0);
        release.countDown();
        waiting.join(5000);
        first.join(5000);
        second.join(5000);
        assertThat(reached).hasValue(1);
        assertThat(fourth.getStatus()).isEqualTo(200);
        assertThat(most).as("at most two at once").hasValue(2);
        assertThat(gate.inFlight(2)).isZero();
    }

    @Test
    void pagesAndPlainRequestsOfTheRoomAreNotGated() throws Exception {
        var gate = new HandshakeGate(1, Duration.ofMillis(50));
        var reached = new AtomicInteger();
        FilterChain count = (req, res) -> reached.incrementAndGet();
        // The room's page, a form, and a /direct request that is not an upgrade: straight through, even all at once.
        var page = new MockHttpServletRequest("GET", "/classe/abc");
        page.addHeader("Upgrade", "websocket");
        gate.doFilter(page, new MockHttpServletResponse(), count);
        gate.doFilter(new MockHttpServletRequest("POST", "/classe/abc/ouvrir"), new MockHttpServletResponse(), count);
        gate.doFilter(new MockHttpServletRequest("GET", "/classe/abc/direct"), new MockHttpServletResponse(), count);
        assertThat(reached).hasValue(3);
        assertThat(gate.waited.sum()).isZero();
    }

    private static void run(HandshakeGate gate, FilterChain chain) {
        try {
            gate.doFilter(upgrade("/classe/abc/direct"), new MockHttpServletResponse(), chain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
