package org.preau.notifications;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The neutral contract through which any module asks for people to be notified, without the notifications module
 * knowing it: messaging publishes one per delivered message, the live classroom one per room opening. Publish it
 * inside the writing transaction ({@code ApplicationEventPublisher.publishEvent}); the event publication registry
 * delivers it after commit, again after a failure or a restart, and the consumer is idempotent on
 * ({@code recipient}, {@code sourceKey}): delivering the same request twice notifies each person once.
 *
 * @param kind what it is about; its text is {@code notifications.kind.<KIND>} with {@code args}
 * @param sourceKey what makes it unique for one recipient, stable across redeliveries, e.g. {@code message:<id>} or
 *     {@code live:<roomId>:<openedAt>}; at most 200 characters
 * @param recipients the accounts to notify (the publisher has already decided who may be told)
 * @param schoolId the school it concerns, if one
 * @param args plain-text arguments of the kind's text (escaped when shown), e.g. the sender's name and the subject
 * @param link the local page it leads to, a path such as {@code /messagerie/fil/<id>} (anything else becomes
 *     {@code /nouveautes})
 * @param visibleAt when it appears in the feed and may be mailed (now, or a scheduled publication)
 */
public record NotificationRequested(
        NotificationKind kind,
        String sourceKey,
        List<UUID> recipients,
        Optional<UUID> schoolId,
        List<String> args,
        String link,
        Instant visibleAt) {

    public NotificationRequested {
        recipients = List.copyOf(recipients);
        args = List.copyOf(args);
    }
}
