package org.preau.surge.internal;

import java.time.Instant;

/**
 * A proof-of-work challenge as sent to the browser: find a counter such that SHA-256(nonce || counter as 8 bytes
 * big-endian) starts with {@code bits} zero bits, then post {@code token + "." + counter} in the field {@code pow}.
 */
record PowChallenge(String token, String nonce, int bits, Instant expiresAt) {}
