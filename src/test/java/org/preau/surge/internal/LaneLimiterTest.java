package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.preau.surge.Lane;

class LaneLimiterTest {

    private final Map<Lane, LaneLimiter> lanes = new EnumMap<>(Lane.class);

    LaneLimiterTest() {
        for (Lane lane : Lane.values()) {
            lanes.put(lane, new LaneLimiter(lane, 3, 2, Duration.ofSeconds(30), new RateMeter(() -> 0, 10)));
        }
    }

    @Test
    void aFloodedAnonymousLaneNeverStarvesSignedInUsers() throws Exception {
        var anonymous = lanes.get(Lane.ANONYMOUS);
        // Fill every slot of the anonymous lane...
        var held = new ArrayList<LaneLimiter.Permit>();
        while (true) {
            var permit = tryWithoutQueue(anonymous);
            if (permit.isEmpty()) {
                break;
            }
            held.add(permit.get());
        }
        assertThat(held).hasSizeGreaterThanOrEqualTo(1).hasSizeLessThanOrEqualTo(3);
        // ...and its queue, with two requests that block waiting for a slot.
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var waiters = new ArrayList<CompletableFuture<Optional<LaneLimiter.Permit>>>();
            for (int i = 0; i < 2; i++) {
                waiters.add(CompletableFuture.supplyAsync(anonymous::acquire, pool));
            }
            while (anonymous.waiting() < 2) {
                Thread.onSpinWait();
            }
            // The anonymous lane is full: the next anonymous request is refused at once.
            assertThat(anonymous.acquire()).isEmpty();
            assertThat(anonymous.rejected.sum()).isEqualTo(1);

            // Signed-in users, parents and log-ins still get in.
            var pupil = lanes.get(Lane.SIGNED_IN_PRIORITY).acquire();
            var parent = lanes.get(Lane.SIGNED_IN_PARENT).acquire();
            var login = lanes.get(Lane.LOGIN).acquire();
            assertThat(pupil).isPresent();
            assertThat(parent).isPresent();
            assertThat(login).isPresent();

            // A slot freed in the anonymous lane goes to a request that was waiting in its queue.
            held.removeFirst().success();
            var first = CompletableFuture.anyOf(waiters.toArray(CompletableFuture[]::new))
                    .get(30, TimeUnit.SECONDS);
            assertThat((Optional<?>) first).isPresent();
            held.forEach(LaneLimiter.Permit::success);
            for (var w : waiters) {
                w.get(30, TimeUnit.SECONDS).ifPresent(LaneLimiter.Permit::success);
            }
            pupil.get().success();
            parent.get().success();
            login.get().success();
        }
    }

    @Test
    void aReleasedPermitCountsOnceEvenIfReleasedTwice() {
        var lane = new LaneLimiter(Lane.LOGIN, 1, 0, Duration.ZERO, new RateMeter(() -> 0, 10));
        var permit = lane.acquire().orElseThrow();
        assertThat(lane.inflight()).isEqualTo(1);
        assertThat(lane.acquire()).isEmpty();
        permit.success();
        permit.success();
        assertThat(lane.inflight()).isZero();
        assertThat(lane.acquire()).isPresent();
    }

    private static Optional<LaneLimiter.Permit> tryWithoutQueue(LaneLimiter lane) {
        if (lane.inflight() >= lane.limit()) {
            return Optional.empty();
        }
        return lane.acquire();
    }

    /**
     * The pupils' and teachers' lane keeps the operator's cap however slow its requests get: on the attack morning
     * an adaptive limit there fell from 200 to 10–20 on the core's queue, not on its own work (ADR 0080). The other
     * lanes stay adaptive, so they are the ones that shed.
     */
    @Test
    void thePupilsLaneKeepsItsCapWhileTheOthersAdapt() throws Exception {
        var pupils = new LaneLimiter(Lane.SIGNED_IN_PRIORITY, 400, 10, Duration.ZERO, new RateMeter(() -> 0, 10));
        var parents = new LaneLimiter(Lane.SIGNED_IN_PARENT, 100, 10, Duration.ZERO, new RateMeter(() -> 0, 10));
        assertThat(pupils.limit()).isEqualTo(400);
        assertThat(parents.limit()).isEqualTo(50);
        // All 400 slots can be held at once.
        var held = new ArrayList<LaneLimiter.Permit>();
        for (int i = 0; i < 400; i++) {
            held.add(pupils.acquire().orElseThrow());
        }
        assertThat(tryWithoutQueue(pupils)).isEmpty();
        // Slow completions (each held ~1 ms longer than the one before) leave the cap where it was.
        for (var permit : held) {
            Thread.sleep(1);
            permit.success();
        }
        assertThat(pupils.limit()).isEqualTo(400);
        assertThat(pupils.inflight()).isZero();
    }
}
