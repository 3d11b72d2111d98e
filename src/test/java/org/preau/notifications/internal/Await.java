package org.preau.notifications.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for what the event publication registry delivers after commit, on another thread. No timing claim: the
 * deadline only stops a broken test from hanging, and the caller asserts the outcome afterwards.
 */
final class Await {

    private Await() {}

    static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
