package org.preau.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * Someone signed in with a password (published by identity's log-in, inside the transaction that writes its audit
 * row). Carries no password and no secret. The surge module counts these per second; durable consumers use
 * {@code @ApplicationModuleListener}.
 *
 * @param accountId who signed in
 * @param knownDevice whether the browser had signed in to this login before (its known-device cookie)
 * @param at when
 */
public record LoginSucceeded(UUID accountId, boolean knownDevice, Instant at) {}
