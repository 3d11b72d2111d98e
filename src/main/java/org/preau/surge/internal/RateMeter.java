package org.preau.surge.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Events per second over the last few whole seconds, lock-free: one slot per second in a small ring. Used for
 * completions per lane (the admission rate of the waiting room) and failed log-ins (the proof-of-work trigger).
 */
final class RateMeter {

    private static final int SLOTS = 16;
    private final AtomicLongArray counts = new AtomicLongArray(SLOTS);
    private final AtomicLongArray stamps = new AtomicLongArray(SLOTS);
    private final LongSupplier epochSecond;
    private final int window;

    RateMeter(LongSupplier epochSecond, int windowSeconds) {
        if (windowSeconds >= SLOTS) {
            throw new IllegalArgumentException("window too long");
        }
        this.epochSecond = epochSecond;
        this.window = windowSeconds;
    }

    void mark() {
        long now = epochSecond.getAsLong();
        int slot = (int) (now % SLOTS);
        long stamp = stamps.get(slot);
        if (stamp != now && stamps.compareAndSet(slot, stamp, now)) {
            counts.set(slot, 0);
        }
        counts.incrementAndGet(slot);
    }

    /** Mean events per second over the last {@code window} whole seconds (the current second excluded). */
    double perSecond() {
        long now = epochSecond.getAsLong();
        long sum = 0;
        for (int i = 1; i <= window; i++) {
            long second = now - i;
            int slot = (int) (second % SLOTS);
            if (stamps.get(slot) == second) {
                sum += counts.get(slot);
            }
        }
        return (double) sum / window;
    }
}
