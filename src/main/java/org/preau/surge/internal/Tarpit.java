package org.preau.surge.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * Holds a rate-limited request for a moment before its 429 (docs/adr/0080). A client that sends its next request as
 * soon as the last one is answered (a compromised account's script, the attack's A3) is then limited by the hold,
 * not by how fast the server can refuse: with 8 loops it sends 8 requests a second instead of hundreds, each costing
 * the framework's floor of about 200 µs of the server's CPU. The request waits on its own virtual thread (no
 * carrier is held), and at most {@code maxHeld} wait at once; beyond that the 429 is sent at once. People who hit a
 * limit are told to wait longer than the hold anyway (Retry-After).
 */
@Component
class Tarpit {

    private final long holdMillis;
    private final int maxHeld;
    private final Semaphore slots;
    private final Counter held;
    private final Counter notHeld;

    @org.springframework.beans.factory.annotation.Autowired
    Tarpit(SurgeProperties properties, MeterRegistry meters) {
        this(properties.tarpit(), properties.tarpitMaxHeld(), meters);
    }

    Tarpit(Duration hold, int maxHeld, MeterRegistry meters) {
        this.holdMillis = Math.max(0, hold.toMillis());
        this.maxHeld = Math.max(0, maxHeld);
        this.slots = new Semaphore(this.maxHeld);
        this.held = Counter.builder("preau.surge.tarpit")
                .tag("outcome", "held")
                .description("Rate-limited requests held before their 429")
                .register(meters);
        this.notHeld = Counter.builder("preau.surge.tarpit")
                .tag("outcome", "full")
                .description("Rate-limited requests answered at once because the tarpit was full")
                .register(meters);
        Gauge.builder("preau.surge.tarpit.holding", () -> this.maxHeld - slots.availablePermits())
                .register(meters);
    }

    /** Waits the hold when a slot is free; returns at once otherwise, or when the hold is 0. */
    void hold() {
        if (holdMillis == 0) {
            return;
        }
        if (!slots.tryAcquire()) {
            notHeld.increment();
            return;
        }
        try {
            held.increment();
            Thread.sleep(holdMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            slots.release();
        }
    }

    long holdMillis() {
        return holdMillis;
    }
}
