package org.preau.identity;

import java.time.Duration;

/**
 * The bounded pool on which every password hash runs (Argon2id at one of OWASP's equivalent parameter sets, see
 * docs/adr/0022). One thread per core and a bounded queue: under a log-in surge the excess is refused with "busy,
 * retry in N s" instead of holding a hash's memory per waiting request. The surge module reads its load; the
 * benchmark measures it.
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

    /** Which Argon2id implementation runs: {@code native} (the reference C library) or {@code bouncycastle}. */
    String implementation();

    /** The parameters new hashes are made with, as in the PHC string: {@code m=7168,t=5,p=1}. */
    String parameters();

    /** The most memory hashes in flight can hold, in KiB (threads x memory per hash; queued hashes hold none). */
    long maxMemoryInFlightKib();

    /** Hashes one random password on the pool and returns how long it took (for benchmarks and health). */
    Duration hashOnce();
}
