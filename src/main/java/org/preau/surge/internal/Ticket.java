package org.preau.surge.internal;

import java.time.Instant;

/**
 * A place in the waiting room: its number in the one cluster-wide sequence (first come, first served), when it
 * was issued and until when it is valid (waiting, then once admitted).
 */
record Ticket(long sequence, Instant issuedAt, Instant expiresAt) {}
