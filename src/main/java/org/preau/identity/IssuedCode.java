package org.preau.identity;

import java.time.Instant;
import java.util.UUID;

/** A one-time activation code, shown in clear once (to be printed and handed out), stored only as a hash. */
public record IssuedCode(UUID accountId, String login, String displayName, String code, Instant expiresAt) {}
