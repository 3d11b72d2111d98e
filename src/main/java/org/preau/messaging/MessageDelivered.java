package org.preau.messaging;

import java.util.List;
import java.util.UUID;

/**
 * "A message reached these people's inboxes." Published inside the sending transaction, so that the event
 * publication registry carries it if and only if the message was sent; the notifications module turns it into a
 * "Nouveautés" item and, per preference, a mail. The subject is given so that a notification needs no read of
 * messaging's tables; the body is not, since a notification must not carry a private message's text.
 *
 * @param recipientAccountIds every recipient, each once (groups already expanded)
 */
public record MessageDelivered(
        List<UUID> recipientAccountIds,
        UUID messageId,
        UUID schoolId,
        UUID senderId,
        String senderName,
        String subject) {

    public MessageDelivered {
        recipientAccountIds = List.copyOf(recipientAccountIds);
    }
}
