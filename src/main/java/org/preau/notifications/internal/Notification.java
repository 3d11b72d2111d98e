package org.preau.notifications.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.notifications.NotificationKind;

/** One line of a person's feed. Its text is the bundle's {@code notifications.kind.<KIND>} with {@code args}. */
public record Notification(
        UUID accountId,
        UUID id,
        NotificationKind kind,
        List<String> args,
        String link,
        Instant visibleAt,
        Optional<Instant> readAt) {

    public boolean unread() {
        return readAt.isEmpty();
    }

    public String textKey() {
        return "notifications.kind." + kind.name();
    }
}
