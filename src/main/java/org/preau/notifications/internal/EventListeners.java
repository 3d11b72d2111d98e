package org.preau.notifications.internal;

import org.preau.homework.HandinReopened;
import org.preau.homework.HandinReturned;
import org.preau.homework.WorkAssigned;
import org.preau.news.NewsPublished;
import org.preau.notifications.NotificationRequested;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Where other modules' events come in. Each is an {@code @ApplicationModuleListener}: it runs after the publishing
 * transaction committed, asynchronously, in a transaction of its own; the event publication registry records it until
 * it completes and delivers it again if it fails or the node stops first. The work is the {@link Inbox}'s, which is
 * idempotent.
 */
@Component
class EventListeners {

    private final Inbox inbox;

    EventListeners(Inbox inbox) {
        this.inbox = inbox;
    }

    @ApplicationModuleListener
    void on(WorkAssigned event) {
        inbox.on(event);
    }

    @ApplicationModuleListener
    void on(HandinReturned event) {
        inbox.on(event);
    }

    @ApplicationModuleListener
    void on(HandinReopened event) {
        inbox.on(event);
    }

    @ApplicationModuleListener
    void on(NewsPublished event) {
        inbox.on(event);
    }

    @ApplicationModuleListener
    void on(NotificationRequested event) {
        inbox.on(event);
    }
}
