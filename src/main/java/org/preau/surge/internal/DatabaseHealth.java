package org.preau.surge.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * The degraded-mode state machine, free of Spring so that it can be tested against a real PostgreSQL that the test
 * stops and restarts: {@code failuresToDegrade} bad probes in a row (an error, or slower than {@code slow}) make
 * it degraded; {@code successesToRecover} good probes in a row bring it back.
 */
final class DatabaseHealth {

    /** One probe of the database; returns how long it took, throws when it failed. */
    @FunctionalInterface
    interface Probe {
        Duration run() throws Exception;
    }

    private final Probe probe;
    private final Duration slow;
    private final int failuresToDegrade;
    private final int successesToRecover;
    private int bad;
    /** The running probe was already counted as bad while it stalled: its own failure is not counted again. */
    private boolean stallCounted;

    private int good;
    private volatile boolean degraded;
    private volatile Duration lastLatency;
    private volatile long failures;

    DatabaseHealth(Probe probe, Duration slow, int failuresToDegrade, int successesToRecover) {
        this.probe = probe;
        this.slow = slow;
        this.failuresToDegrade = failuresToDegrade;
        this.successesToRecover = successesToRecover;
    }

    /**
     * Runs one probe and updates the state; called on a schedule (one probe at a time). The probe runs outside the
     * lock, so that {@link #stalled} can count it while it hangs.
     */
    void check() {
        boolean ok;
        try {
            Duration took = probe.run();
            lastLatency = took;
            ok = took.compareTo(slow) <= 0;
        } catch (Exception e) {
            lastLatency = null;
            failures++;
            ok = false;
        }
        record(ok);
    }

    private synchronized void record(boolean ok) {
        if (ok) {
            bad = 0;
            good++;
            if (degraded && good >= successesToRecover) {
                degraded = false;
            }
        } else {
            good = 0;
            if (!stallCounted) {
                bad++;
            }
            if (!degraded && bad >= failuresToDegrade) {
                degraded = true;
            }
        }
        stallCounted = false;
    }

    /** A probe is still running past the slow threshold: counts as a bad probe now (the database stalls). */
    synchronized void stalled() {
        stallCounted = true;
        good = 0;
        bad++;
        if (!degraded && bad >= failuresToDegrade) {
            degraded = true;
        }
    }

    boolean degraded() {
        return degraded;
    }

    Optional<Duration> lastLatency() {
        return Optional.ofNullable(lastLatency);
    }

    long failures() {
        return failures;
    }
}
