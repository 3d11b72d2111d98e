package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The tarpit holds at most its bound of requests at once and answers the rest at once (ADR 0080). */
class TarpitTest {

    @Test
    void beyondItsBoundRequestsAreAnsweredAtOnce() throws Exception {
        var meters = new SimpleMeterRegistry();
        var tarpit = new Tarpit(Duration.ofSeconds(30), 2, meters);
        var started = new CountDownLatch(2);
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < 2; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                started.countDown();
                tarpit.hold();
            }));
        }
        started.await();
        while (meters.get("preau.surge.tarpit.holding").gauge().value() < 2) {
            Thread.sleep(5);
        }
        // Both slots taken: the third is not held (it returns here, well before the others' 30 s).
        tarpit.hold();
        assertThat(meters.get("preau.surge.tarpit")
                        .tag("outcome", "full")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(meters.get("preau.surge.tarpit")
                        .tag("outcome", "held")
                        .counter()
                        .count())
                .isEqualTo(2);
        threads.forEach(Thread::interrupt);
        for (var t : threads) {
            t.join();
        }
        assertThat(meters.get("preau.surge.tarpit.holding").gauge().value()).isZero();
    }

    @Test
    void aZeroHoldHoldsNothing() {
        var meters = new SimpleMeterRegistry();
        var tarpit = new Tarpit(Duration.ZERO, 10, meters);
        tarpit.hold();
        assertThat(meters.get("preau.surge.tarpit")
                        .tag("outcome", "held")
                        .counter()
                        .count())
                .isZero();
    }
}
