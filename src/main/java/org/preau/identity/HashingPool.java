package org.preau.identity;

import java.time.Duration;

/**
 * The bounded pool on which every password hash runs (Argon2id at OWASP parameters: 19 MiB, 2 passes, 1 lane).
 * One thread per core and a bounded queue: under a log-in surge the excess is refused with "busy, retry in N s"
 * instead of holding 19 MiB per waiting request. The surge module reads its load; the benchmark measures it.
 */
public interface HashingPool {

    /** Hashes waiting for a thread. */
    int queued();

    /** Hashes running now. */
    int active();

    /** How many hashes may wait before new ones are refused. */
    int capacity();

    /** Threads hashing in parallel. */
    int threads();

    /** Hashes one random password on the pool and returns how long it took (for benchmarks and health). */
    Duration hashOnce();
}
