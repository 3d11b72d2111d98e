package org.preau.identity;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A password log-in that did not open a session: the signal of credential stuffing that switches proof-of-work on
 * in AUTO mode (surge module). Carries no password and no secret; the login typed is left out too (it may be a
 * password typed in the wrong field).
 *
 * @param accountId the account the login names, when it exists
 * @param outcome why it failed
 * @param address the client address it came from
 * @param at when
 */
public record LoginFailed(Optional<UUID> accountId, Outcome outcome, String address, Instant at) {

    /** Why a log-in failed. All but {@link #THROTTLED} cost one hash and look the same to the visitor. */
    public enum Outcome {
        UNKNOWN_LOGIN,
        BAD_PASSWORD,
        NO_PASSWORD,
        DISABLED,
        /** Refused before hashing, for too many failures. */
        THROTTLED
    }
}
