package org.preau.identity.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Identity settings, under {@code preau.identity.}.
 *
 * @param hashing the password hashing pool
 * @param throttle failed log-in and activation limits
 * @param rememberMe how long "stay signed in on this device" lasts
 * @param codeValidity how long a school-issued activation code stays valid
 */
@ConfigurationProperties("preau.identity")
public record IdentityProperties(
        @DefaultValue Hashing hashing,
        @DefaultValue Throttle throttle,
        @DefaultValue("30d") Duration rememberMe,
        @DefaultValue("30d") Duration codeValidity) {

    /**
     * @param threads hashing threads; 0 means one per available processor
     * @param queueCapacity hashes that may wait; beyond it log-ins are answered "busy, retry in N s"
     * @param nice the scheduling niceness (0–19, Linux) of the hashing threads: above 0 they run on what the
     *     request threads and PostgreSQL leave, so a saturated core serves signed-in pages before new log-ins,
     *     which wait in their lane and the waiting room (docs/adr/0079); 0 leaves them at the process's priority
     */
    public record Hashing(
            @DefaultValue("0") int threads,
            @DefaultValue("64") int queueCapacity,
            @DefaultValue("10") int nice) {

        public int effectiveThreads() {
            return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * Failed log-in and activation limits (see {@link LoginThrottle} and docs/adr/0022).
     *
     * @param window the period over which failures are counted
     * @param loginFailures failures for one login from one source (its known device, else its address) before that
     *     source is refused for a growing delay
     * @param firstDelay the first refusal delay; it doubles with each further failure
     * @param maxDelay the longest refusal delay
     * @param accountFailures failures for one login from all sources before only its known devices and solved
     *     proofs-of-work get through
     * @param addressFailures failures from one address (all logins) before only known devices and solved
     *     proofs-of-work get through from it: high, because a whole school may sit behind one NAT address
     * @param knownDeviceLifetime how long a browser that signed in stays a known device for that login
     */
    public record Throttle(
            @DefaultValue("15m") Duration window,
            @DefaultValue("5") int loginFailures,
            @DefaultValue("30s") Duration firstDelay,
            @DefaultValue("15m") Duration maxDelay,
            @DefaultValue("10") int accountFailures,
            @DefaultValue("1000") int addressFailures,
            @DefaultValue("180d") Duration knownDeviceLifetime) {}
}
