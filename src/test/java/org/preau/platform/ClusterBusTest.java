package org.preau.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

@PreauIntegrationTest
class ClusterBusTest {

    @Autowired
    ClusterBus bus;

    @Autowired
    PostgresClusterBus lifecycle;

    @Test
    void deliversPublishedSignalsToSubscribers() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        bus.subscribe("test-topic", received::add);
        bus.publish("test-topic", "hello");
        String first = received.poll(10, TimeUnit.SECONDS);
        // A resync ("re-read everything") may come first if the context was paused and resumed meanwhile.
        while (ClusterBus.RESYNC.equals(first)) {
            first = received.poll(10, TimeUnit.SECONDS);
        }
        assertThat(first).isEqualTo("hello");
    }

    /**
     * Stopped and started again (Spring's test context cache pauses an idle context this way; an operator may too),
     * the bus listens again before start() returns, so a signal published right after is delivered, and every
     * subscriber is told to re-read everything, since what was published while it was stopped is lost.
     */
    @Test
    void afterARestartItListensBeforeStartReturnsAndAsksEveryoneToResync() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        bus.subscribe("test-restart", received::add);
        lifecycle.stop();
        bus.publish("test-restart", "while stopped");
        lifecycle.start();
        bus.publish("test-restart", "right after");
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(ClusterBus.RESYNC);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("right after");
        assertThat(received.poll(1, TimeUnit.SECONDS)).as("nothing twice").isNull();
    }
}
