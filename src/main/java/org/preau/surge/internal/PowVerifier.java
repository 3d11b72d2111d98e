package org.preau.surge.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Issues and checks proof-of-work challenges. A challenge is {@code 1.<nonce>.<bits>.<expires>.<hmac>}: signed, so
 * the server keeps nothing until it is used; checking a solution costs one SHA-256 (plus the HMAC). Single use is
 * enforced by the caller's {@link SpentNonces} (PostgreSQL in production, so that no node accepts a replay).
 */
final class PowVerifier {

    /** The outcome of a check. */
    enum Verdict {
        VALID,
        MALFORMED,
        FORGED,
        EXPIRED,
        TOO_EASY,
        WRONG,
        REPLAYED;

        /**
         * A genuine answer that can no longer be used (spent, or too old): what an honest browser sends when its user
         * resubmits a form; the other verdicts are answers no browser of ours produces.
         */
        boolean stale() {
            return this == EXPIRED || this == REPLAYED;
        }
    }

    /** Remembers used nonces until they expire. */
    interface SpentNonces {
        /** Records the nonce; false when it was already recorded. */
        boolean markUsed(byte[] nonce, Instant expiresAt);
    }

    private static final String VERSION = "1";
    private final SecureRandom random = new SecureRandom();
    private final Hmac hmac;
    private final Clock clock;
    private final Duration lifetime;

    PowVerifier(Hmac hmac, Clock clock, Duration lifetime) {
        this.hmac = hmac;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    PowChallenge issue(int bits) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Instant expires = clock.instant().plus(lifetime);
        String nonceText = Hmac.B64.encodeToString(nonce);
        String payload = VERSION + "." + nonceText + "." + bits + "." + expires.getEpochSecond();
        return new PowChallenge(payload + "." + hmac.sign(payload), nonceText, bits, expires);
    }

    /**
     * Checks {@code solution} ({@code token.counter}) against the difficulty asked now.
     *
     * @param minBits the fewest leading zero bits accepted now (the challenge's own bits must reach it)
     */
    Verdict check(String solution, int minBits, SpentNonces spent) {
        if (solution == null || solution.length() > 300) {
            return Verdict.MALFORMED;
        }
        int counterCut = solution.lastIndexOf('.');
        if (counterCut <= 0) {
            return Verdict.MALFORMED;
        }
        String token = solution.substring(0, counterCut);
        int sigCut = token.lastIndexOf('.');
        if (sigCut <= 0) {
            return Verdict.MALFORMED;
        }
        String payload = token.substring(0, sigCut);
        String[] parts = payload.split("\\.");
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            return Verdict.MALFORMED;
        }
        long counter;
        int bits;
        Instant expires;
        byte[] nonce;
        try {
            counter = Long.parseUnsignedLong(solution.substring(counterCut + 1));
            bits = Integer.parseInt(parts[2]);
            expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
            nonce = Hmac.B64D.decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        if (!hmac.verify(payload, token.substring(sigCut + 1))) {
            return Verdict.FORGED;
        }
        if (!expires.isAfter(clock.instant())) {
            return Verdict.EXPIRED;
        }
        if (bits < minBits) {
            return Verdict.TOO_EASY;
        }
        if (leadingZeroBits(hash(nonce, counter)) < bits) {
            return Verdict.WRONG;
        }
        // Last, so that a wrong answer does not burn the challenge of a legitimate user.
        return spent.markUsed(nonce, expires) ? Verdict.VALID : Verdict.REPLAYED;
    }

    static byte[] hash(byte[] nonce, long counter) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            sha.update(nonce);
            sha.update(ByteBuffer.allocate(8).putLong(counter).array());
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static int leadingZeroBits(byte[] digest) {
        int bits = 0;
        for (byte b : digest) {
            if (b == 0) {
                bits += 8;
                continue;
            }
            return bits + Integer.numberOfLeadingZeros(b & 0xff) - 24;
        }
        return bits;
    }

    /** Solves a challenge by brute force, as the browser's worker does: for tests and the benchmark's clients. */
    static long solve(PowChallenge challenge) {
        byte[] nonce = Hmac.B64D.decode(challenge.nonce());
        for (long counter = 0; ; counter++) {
            if (leadingZeroBits(hash(nonce, counter)) >= challenge.bits()) {
                return counter;
            }
        }
    }
}
