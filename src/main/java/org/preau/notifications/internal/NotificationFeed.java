package org.preau.notifications.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's feed ("Nouveautés"): writing notifications idempotently (a redelivered event adds nothing, so mails
 * are queued only for what was actually written), reading one's own feed and marking it read. Everyone reads and marks
 * only their own: the account comes from the signed-in user, and someone else's notification id answers "not found".
 */
@Service
public class NotificationFeed {

    static final int PAGE = 30;

    /** One page of the feed and the unread count. */
    public record Page(List<Notification> items, int unread, Optional<FeedCursor> next) {}

    private final FeedRepository feed;
    private final Preferences preferences;
    private final MailOutbox outbox;
    private final MailText text;
    private final MailSettings mail;
    private final Clock clock;

    NotificationFeed(
            FeedRepository feed,
            Preferences preferences,
            MailOutbox outbox,
            MailText text,
            MailSettings mail,
            Clock clock) {
        this.feed = feed;
        this.preferences = preferences;
        this.outbox = outbox;
        this.text = text;
        this.mail = mail;
        this.clock = clock;
    }

    /**
     * Writes what is new of these notifications and, in the same transaction, queues a mail for each one written to
     * someone who wants mail at once (sent once visible). Returns how many were written.
     */
    @Transactional
    public int deliver(List<FeedRepository.Delivery> deliveries) {
        Instant now = clock.instant();
        var written = feed.insertNew(deliveries, now);
        var immediate = preferences.immediate(
                written.stream().map(Notification::accountId).distinct().toList());
        for (Notification n : written) {
            var pref = immediate.get(n.accountId());
            if (pref == null || pref.email().isEmpty()) {
                continue;
            }
            var mailText = text.immediate(n, pref.lang());
            outbox.enqueue(
                    "notification:" + n.id(),
                    mail.messageIdDomain(),
                    pref.email().get(),
                    mailText.subject(),
                    mailText.body(),
                    n.visibleAt(),
                    now);
        }
        return written.size();
    }

    Page page(CurrentUser user, Optional<FeedCursor> before) {
        Instant now = clock.instant();
        var items = feed.page(user.accountId(), now, before, PAGE + 1);
        Optional<FeedCursor> next = Optional.empty();
        if (items.size() > PAGE) {
            items = items.subList(0, PAGE);
            var last = items.get(PAGE - 1);
            next = Optional.of(new FeedCursor(last.visibleAt(), last.id()));
        }
        return new Page(items, feed.unread(user.accountId(), now), next);
    }

    int unread(CurrentUser user) {
        return feed.unread(user.accountId(), clock.instant());
    }

    /** Marks one's own notification read and returns it (to follow its link). */
    @Transactional
    public Notification open(CurrentUser user, UUID id) {
        var n = feed.find(user.accountId(), id)
                .filter(x -> !x.visibleAt().isAfter(clock.instant()))
                .orElseThrow(Problem::notFound);
        feed.markRead(user.accountId(), id, clock.instant());
        return n;
    }

    @Transactional
    public int markAllRead(CurrentUser user) {
        return feed.markAllRead(user.accountId(), clock.instant());
    }
}
