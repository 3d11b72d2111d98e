package org.preau.identity.internal;

import java.util.List;
import java.util.Locale;

/**
 * The cost of one Argon2id hash: memory in KiB, passes over it, lanes. Stored hashes carry their own parameters (in
 * the PHC string), so changing {@link #CURRENT} keeps every existing hash verifiable; log-ins re-hash to the current
 * parameters (docs/adr/0022).
 */
record Argon2Parameters(int memoryKib, int iterations, int parallelism) {

    /** What Préau used until ADR 0022 (OWASP's m=19 MiB, t=2): such hashes still verify and are upgraded. */
    static final Argon2Parameters LEGACY = new Argon2Parameters(19_456, 2, 1);

    /** OWASP's equivalent sets (Password Storage Cheat Sheet), from most memory to most passes. */
    static final List<Argon2Parameters> OWASP = List.of(
            new Argon2Parameters(47_104, 1, 1),
            LEGACY,
            new Argon2Parameters(12_288, 3, 1),
            new Argon2Parameters(9_216, 4, 1),
            new Argon2Parameters(7_168, 5, 1));

    /** The fastest OWASP set on the measured host (ADR 0022): m=7 MiB, t=5, p=1. */
    static final Argon2Parameters CURRENT = OWASP.get(4);

    /**
     * The most memory a stored hash may ask for (the larger of the current and legacy sets) and the most passes: a
     * hash string outside these bounds is refused rather than computed, so no row can make a verification hold more
     * memory than the pool accounts for ({@link Argon2HashingPool#maxMemoryInFlightKib()}).
     */
    static final int MAX_MEMORY_KIB = Math.max(CURRENT.memoryKib(), LEGACY.memoryKib());

    static final int MAX_ITERATIONS = 10;

    Argon2Parameters {
        if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1) {
            throw new IllegalArgumentException("Argon2 parameters out of range: " + memoryKib + "/" + iterations);
        }
    }

    boolean acceptable() {
        return memoryKib <= MAX_MEMORY_KIB && iterations <= MAX_ITERATIONS && parallelism == 1;
    }

    /** As in the PHC string: {@code m=7168,t=5,p=1}. */
    String phc() {
        return String.format(Locale.ROOT, "m=%d,t=%d,p=%d", memoryKib, iterations, parallelism);
    }

    @Override
    public String toString() {
        return phc();
    }
}
