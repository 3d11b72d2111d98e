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

    @Test
    void deliversPublishedSignalsToSubscribers() throws Exception {
        var received = new LinkedBlockingQueue<String>();
        bus.subscribe("test-topic", received::add);
        bus.publish("test-topic", "hello");
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
    }
}
