package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The waiting room's adaptive admission rate (additive increase, multiplicative decrease). */
class WaitingRoomAdmissionTest {

    @Test
    void whilePeopleWaitAndTheLanesHaveRoomTheRateGrowsUpToWhatTheLanesShowTheyCanTake() {
        double rate = 5;
        // The lanes complete 60 requests/s, 3 per visitor: 20 visitors/s sustained, so at most 3 × 20 + 5 = 65/s.
        for (int second = 0; second < 30; second++) {
            rate = WaitingRoom.nextRate(rate, false, false, true, 20, false);
        }
        assertThat(rate).isEqualTo(65.0);
    }

    @Test
    void itDoesNotStarveItselfWhenTheRoomHoldsEveryoneBack() {
        // Nothing completes in the lanes because everyone is in the room: the rate must still rise from its floor.
        double rate = 1;
        for (int second = 0; second < 5; second++) {
            rate = WaitingRoom.nextRate(rate, false, false, true, 0, false);
        }
        assertThat(rate).isEqualTo(5.0);
    }

    @Test
    void withTheLanesIdleItKeepsGrowingPastWhatTheyCompletedSoFar() {
        // Seen in the attack run of 2026-12-01T1505Z: after the attack, 6,800 people waited, the log-in lane had
        // nothing in flight and the server's core was idle, yet the room admitted 5/s (3 × ~0 completions + 5):
        // the lanes complete little because the room holds everyone back, so their completions cannot be the cap.
        double rate = 5;
        for (int second = 0; second < 20; second++) {
            rate = WaitingRoom.nextRate(rate, false, false, true, 0, true);
        }
        assertThat(rate).isGreaterThan(100.0).isLessThanOrEqualTo(WaitingRoom.MAX_RATE);
        // Admitted visitors sent back by a full lane still back it off.
        assertThat(WaitingRoom.nextRate(rate, true, false, true, 0, true)).isCloseTo(rate * 0.7, within(1e-9));
    }

    @Test
    void refusalsInTheLanesBackOffAndQueueingHolds() {
        assertThat(WaitingRoom.nextRate(40, true, true, true, 20, false)).isEqualTo(28.0);
        assertThat(WaitingRoom.nextRate(40, false, true, true, 20, false)).isEqualTo(40.0);
        assertThat(WaitingRoom.nextRate(1.2, true, true, true, 0, false)).isEqualTo(1.0);
    }

    @Test
    void withNobodyWaitingTheRateStaysPut() {
        assertThat(WaitingRoom.nextRate(12, false, false, false, 20, true)).isEqualTo(12.0);
    }
}
