package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The waiting room's adaptive admission rate (additive increase, multiplicative decrease). */
class WaitingRoomAdmissionTest {

    @Test
    void whilePeopleWaitAndTheLanesHaveRoomTheRateGrowsUpToWhatTheLanesShowTheyCanTake() {
        double rate = 5;
        // The lanes complete 60 requests/s, 3 per visitor: 20 visitors/s sustained, so at most 3 × 20 + 5 = 65/s.
        for (int second = 0; second < 30; second++) {
            rate = WaitingRoom.nextRate(rate, false, false, true, 20);
        }
        assertThat(rate).isEqualTo(65.0);
    }

    @Test
    void itDoesNotStarveItselfWhenTheRoomHoldsEveryoneBack() {
        // Nothing completes in the lanes because everyone is in the room: the rate must still rise from its floor.
        double rate = 1;
        for (int second = 0; second < 5; second++) {
            rate = WaitingRoom.nextRate(rate, false, false, true, 0);
        }
        assertThat(rate).isEqualTo(5.0);
    }

    @Test
    void refusalsInTheLanesBackOffAndQueueingHolds() {
        assertThat(WaitingRoom.nextRate(40, true, true, true, 20)).isEqualTo(28.0);
        assertThat(WaitingRoom.nextRate(40, false, true, true, 20)).isEqualTo(40.0);
        assertThat(WaitingRoom.nextRate(1.2, true, true, true, 0)).isEqualTo(1.0);
    }

    @Test
    void withNobodyWaitingTheRateStaysPut() {
        assertThat(WaitingRoom.nextRate(12, false, false, false, 20)).isEqualTo(12.0);
    }
}
