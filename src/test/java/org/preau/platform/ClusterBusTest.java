package org.preau.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.Lifecycle;

@PreauIntegrationTest
class ClusterBusTest {

    @Autowired
    ClusterBus bus;

    @Test
    void deliversPublishedSignalsToSubscribers() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        bus.subscribe("test-topic", received::add);
        bus.publish("test-topic", "hello");
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
    }

    /**
     * A node stopped and started again (Spring pauses cached test contexts this way; an operator restart too) hears
     * a signal published right after {@code start()} returns, and is told to re-read what it may have missed.
     */
    @Test
    void aRestartedBusHearsASignalPublishedRightAfterStartAndResyncs() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        bus.subscribe("restart-topic", received::add);
        var lifecycle = (Lifecycle) bus;
        lifecycle.stop();
        lifecycle.start();
        bus.publish("restart-topic", "after-restart");
        var seen = new java.util.ArrayList<String>();
        for (String p; (p = received.poll(10, TimeUnit.SECONDS)) != null; ) {
            seen.add(p);
            if (p.equals("after-restart")) {
                break;
            }
        }
        assertThat(seen).contains(ClusterBus.RESYNC, "after-restart");
    }
}
