package org.preau.notifications.internal;

import java.time.Instant;
import java.util.UUID;

/** Where a page of the feed starts: after the notification shown last on the previous one (pagination by key). */
public record FeedCursor(Instant visibleAt, UUID id) {

    /** As the {@code avant} parameter carries it. */
    public String param() {
        return visibleAt + "_" + id;
    }
}
