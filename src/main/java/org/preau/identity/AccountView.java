package org.preau.identity;

import java.util.Optional;
import java.util.UUID;

/** An account as other modules see it: never its credentials. */
public record AccountView(
        UUID id,
        String login,
        String displayName,
        Profile profile,
        AccountStatus status,
        Optional<String> externalId) {}
