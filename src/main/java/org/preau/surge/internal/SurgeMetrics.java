package org.preau.surge.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.LongAdder;
import org.preau.surge.Lane;
import org.springframework.stereotype.Component;

/** Everything on the dashboard, also as Prometheus metrics named {@code preau.surge.*}. */
@Component
class SurgeMetrics {

    SurgeMetrics(
            MeterRegistry registry,
            Lanes lanes,
            WaitingRoom room,
            LoginStats logins,
            DatabaseWatch database,
            ProofOfWork pow,
            RateLimits limits,
            HashPoolProbe hashPool) {
        for (Lane lane : Lane.values()) {
            var l = lanes.get(lane);
            String tag = lane.name();
            counter(registry, "preau.surge.lane.requests", l.admitted, tag, "admitted");
            counter(registry, "preau.surge.lane.requests", l.queued, tag, "queued");
            counter(registry, "preau.surge.lane.requests", l.rejected, tag, "overflow");
            counter(registry, "preau.surge.lane.requests", l.toRoom, tag, "waiting_room");
            counter(registry, "preau.surge.lane.requests", l.rateLimited, tag, "rate_limited");
            Gauge.builder("preau.surge.lane.limit", l, LaneLimiter::limit)
                    .tag("lane", tag)
                    .description("Adaptive concurrency limit of the lane")
                    .register(registry);
            Gauge.builder("preau.surge.lane.inflight", l, LaneLimiter::inflight)
                    .tag("lane", tag)
                    .register(registry);
            Gauge.builder("preau.surge.lane.waiting", l, LaneLimiter::waiting)
                    .tag("lane", tag)
                    .register(registry);
        }
        Gauge.builder("preau.surge.room.length", room, WaitingRoom::length)
                .description("Tickets waiting in the waiting room")
                .register(registry);
        Gauge.builder("preau.surge.room.wait.seconds", room, r -> r.estimatedWaitSeconds(r.length()))
                .description("Estimated wait for the last ticket in line")
                .register(registry);
        Gauge.builder("preau.surge.room.admission.rate", room, WaitingRoom::admissionRate)
                .register(registry);
        FunctionCounter.builder("preau.surge.logins", logins.succeededTotal, LongAdder::doubleValue)
                .tag("outcome", "success")
                .register(registry);
        FunctionCounter.builder("preau.surge.logins", logins.failedTotal, LongAdder::doubleValue)
                .tag("outcome", "failure")
                .register(registry);
        Gauge.builder(
                        "preau.surge.db.latency.seconds",
                        database,
                        d -> d.lastDatabaseLatency().map(x -> x.toNanos() / 1e9).orElse(Double.NaN))
                .register(registry);
        Gauge.builder("preau.surge.degraded", database, d -> d.active() ? 1 : 0).register(registry);
        Gauge.builder("preau.surge.pow.bits", pow, ProofOfWork::requiredBits).register(registry);
        Gauge.builder(
                        "preau.surge.hashpool.queue",
                        hashPool,
                        h -> h.queued().isPresent() ? h.queued().getAsInt() : Double.NaN)
                .register(registry);
        limits.rejected.forEach((family, adder) -> FunctionCounter.builder(
                        "preau.surge.ratelimit.rejected", adder, LongAdder::doubleValue)
                .tag("family", family.name())
                .register(registry));
    }

    private static void counter(MeterRegistry registry, String name, LongAdder adder, String lane, String outcome) {
        FunctionCounter.builder(name, adder, LongAdder::doubleValue)
                .tag("lane", lane)
                .tag("outcome", outcome)
                .register(registry);
    }
}
