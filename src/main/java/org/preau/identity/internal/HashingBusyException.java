package org.preau.identity.internal;

import java.time.Duration;

/** The hashing pool's queue is full: the caller answers 503 with {@code Retry-After}. */
public class HashingBusyException extends RuntimeException {

    private final Duration retryAfter;

    HashingBusyException(Duration retryAfter) {
        super("Password hashing pool is full; retry after " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
