package org.preau.notifications.internal;

import java.util.Optional;
import java.util.UUID;

/** A person's e-mail preference; {@code lang} is the language their mails are written in. */
public record Preference(UUID accountId, Optional<String> email, EmailMode mode, String lang) {

    static Preference defaultFor(UUID accountId) {
        return new Preference(accountId, Optional.empty(), EmailMode.NEVER, "fr");
    }
}
