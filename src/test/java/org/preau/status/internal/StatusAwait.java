package org.preau.status.internal;

import java.util.function.BooleanSupplier;

/** Waits for a condition; the deadline is only a safety net so that a broken build ends (nothing is timed). */
final class StatusAwait {

    private StatusAwait() {}

    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
