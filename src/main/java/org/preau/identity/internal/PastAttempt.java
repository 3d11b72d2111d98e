package org.preau.identity.internal;

import java.time.Instant;

/** A past sign-in or failed attempt on one's account, for the profile page. Public because templates read it. */
public record PastAttempt(Instant at, String outcome, String address, String userAgent) {

    public boolean success() {
        return "SUCCESS".equals(outcome);
    }
}
