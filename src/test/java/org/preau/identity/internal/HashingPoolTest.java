package org.preau.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class HashingPoolTest {

    @Test
    void aFullQueueIsRefusedAtOnceWithARetryDelay() throws Exception {
        var meters = new SimpleMeterRegistry();
        var pool = new Argon2HashingPool(1, 1, meters);
        var release = new CountDownLatch(1);
        try {
            Thread.ofVirtual()
                    .start(() -> pool.run(() -> {
                        release.await();
                        return null;
                    }));
            Thread.ofVirtual()
                    .start(() -> pool.run(() -> {
                        release.await();
                        return null;
                    }));
            while (pool.active() < 1 || pool.queued() < 1) {
                Thread.sleep(5);
            }

            assertThatThrownBy(() -> pool.hash("another password"))
                    .isInstanceOfSatisfying(
                            HashingBusyException.class,
                            e -> assertThat(e.retryAfter().toSeconds()).isPositive());
            assertThat(meters.get("preau.hashing.rejected").counter().count()).isEqualTo(1);
            assertThat(meters.get("preau.hashing.queued").gauge().value()).isEqualTo(1);
            assertThat(meters.get("preau.hashing.active").gauge().value()).isEqualTo(1);
        } finally {
            release.countDown();
        }
        while (pool.active() > 0 || pool.queued() > 0) {
            Thread.sleep(5);
        }
        // Once drained it hashes again, at the OWASP parameters.
        String hash = pool.hash("correct horse battery staple");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(pool.matches("correct horse battery staple", Optional.of(hash)))
                .isTrue();
        assertThat(pool.matches("wrong", Optional.of(hash))).isFalse();
        pool.destroy();
    }

    @Test
    void checkingWithoutAStoredHashCostsOneHashAndFails() {
        var pool = new Argon2HashingPool(1, 4, new SimpleMeterRegistry());
        long before = pool.hashesComputed();
        assertThat(pool.matches("anything", Optional.empty())).isFalse();
        assertThat(pool.hashesComputed() - before).isEqualTo(1);
        pool.destroy();
    }
}
