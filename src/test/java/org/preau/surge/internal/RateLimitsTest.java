package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.preau.surge.SurgeSettings;
import org.preau.surge.internal.RateLimits.Family;

class RateLimitsTest {

    private static SurgeSettings with(int addressPerSecond, int loginPerMinute) {
        var d = SurgeSettings.defaults();
        return new SurgeSettings(
                d.waitingRoom(),
                d.admissionPerSecond(),
                d.requestsPerVisitor(),
                d.roomCapacity(),
                d.laneMaxConcurrency(),
                d.laneQueue(),
                d.laneMaxWaitMillis(),
                d.proofOfWork(),
                d.powBaseBits(),
                d.powMaxBits(),
                d.powFailedLoginsPerSecond(),
                d.powLoginQueue(),
                addressPerSecond,
                d.accountPerSecond(),
                loginPerMinute,
                d.writesPerMinute(),
                d.suspectMinutes(),
                false);
    }

    @Test
    void anAddressGetsItsBurstThenIsToldWhenToComeBack() {
        var limits = new RateLimits(with(5, 10));
        // Burst: four seconds' worth of the per-second rate.
        for (int i = 0; i < 20; i++) {
            assertThat(limits.tryConsume(Family.ADDRESS, "127.0.0.9").allowed())
                    .as("request %d", i)
                    .isTrue();
        }
        var refused = limits.tryConsume(Family.ADDRESS, "127.0.0.9");
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(limits.rejected.get(Family.ADDRESS).sum()).isEqualTo(1);
    }

    @Test
    void addressesAndFamiliesAreAccountedSeparately() {
        var limits = new RateLimits(with(1, 2));
        for (int i = 0; i < 4; i++) {
            assertThat(limits.tryConsume(Family.ADDRESS, "127.0.0.10").allowed())
                    .isTrue();
        }
        assertThat(limits.tryConsume(Family.ADDRESS, "127.0.0.10").allowed()).isFalse();
        assertThat(limits.tryConsume(Family.ADDRESS, "127.0.0.11").allowed()).isTrue();
        assertThat(limits.tryConsume(Family.LOGIN, "127.0.0.10").allowed()).isTrue();
        assertThat(limits.tryConsume(Family.LOGIN, "127.0.0.10").allowed()).isTrue();
        var login = limits.tryConsume(Family.LOGIN, "127.0.0.10");
        assertThat(login.allowed()).isFalse();
        // Two a minute: the next token comes in about 30 s.
        assertThat(login.retryAfterSeconds()).isBetween(25L, 31L);
    }

    @Test
    void newRatesTakeEffectAtOnce() {
        var limits = new RateLimits(with(1, 2));
        for (int i = 0; i < 4; i++) {
            limits.tryConsume(Family.ADDRESS, "127.0.0.12");
        }
        assertThat(limits.tryConsume(Family.ADDRESS, "127.0.0.12").allowed()).isFalse();
        limits.configure(with(100, 2));
        assertThat(limits.tryConsume(Family.ADDRESS, "127.0.0.12").allowed()).isTrue();
    }
}
