package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * When AUTO proof-of-work counts as an attack besides a high failure rate. Seen in the attack benchmark: the log-in
 * lane held credential stuffing to about 4 failed attempts a second (under the 5/s threshold), every one of them an
 * attacker's, the lane at its limit and real visitors waiting behind it, and proof-of-work was never asked.
 */
class ProofOfWorkTriggerTest {

    @Test
    void attemptsThatMostlyFailCountAsAnAttackEvenUnderTheRateThreshold() {
        assertThat(ProofOfWork.mostlyFailing(4.0, 0.3)).isTrue();
        assertThat(ProofOfWork.mostlyFailing(1.0, 0.5)).isTrue();
    }

    @Test
    void aMorningOfRealLogInsOrAFewTyposDoNot() {
        // Many log-ins, some typos.
        assertThat(ProofOfWork.mostlyFailing(4.0, 20.0)).isFalse();
        // A quiet hour: one person mistyping a few times.
        assertThat(ProofOfWork.mostlyFailing(0.3, 0.0)).isFalse();
    }
}
