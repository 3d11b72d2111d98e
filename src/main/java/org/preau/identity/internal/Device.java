package org.preau.identity.internal;

import java.time.Instant;

/**
 * A signed-in device, as the profile page lists it. {@code handle} names it in the revoke form without revealing
 * the session id (which is the cookie value, a secret). Public because templates read it.
 */
public record Device(
        String handle,
        String summary,
        String address,
        Instant signedInAt,
        Instant lastSeen,
        boolean remembered,
        boolean current) {}
