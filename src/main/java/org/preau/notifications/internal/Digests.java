package org.preau.notifications.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.preau.platform.SchoolTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The daily digest: once a day ({@code preau.mail.digest-cron}, school time), one mail per person who chose it with
 * what became visible since their last digest and is still unread; nothing when nothing is. Every node runs it; the
 * outbox's key ({@code digest:<account>:<day>}) makes it one mail per person and day. Old notifications are dropped
 * on the same pass.
 */
@Component
class Digests {

    private static final Logger log = LoggerFactory.getLogger(Digests.class);
    static final int MAX_LINES = 50;
    static final Duration KEPT = Duration.ofDays(180);

    private final Preferences preferences;
    private final FeedRepository feed;
    private final MailOutbox outbox;
    private final MailText text;
    private final MailSettings mail;
    private final TransactionTemplate tx;
    private final Clock clock;

    Digests(
            Preferences preferences,
            FeedRepository feed,
            MailOutbox outbox,
            MailText text,
            MailSettings mail,
            TransactionTemplate tx,
            Clock clock) {
        this.preferences = preferences;
        this.feed = feed;
        this.outbox = outbox;
        this.text = text;
        this.mail = mail;
        this.tx = tx;
        this.clock = clock;
    }

    @Scheduled(cron = "${preau.mail.digest-cron:0 30 17 * * *}", zone = "Europe/Paris")
    void daily() {
        try {
            int queued = run(clock.instant());
            int purged = feed.purge(clock.instant().minus(KEPT));
            log.info("Daily digest: {} mails queued, {} old notifications dropped", queued, purged);
        } catch (RuntimeException e) {
            log.warn("Daily digest failed, next run tomorrow: {}", e.getMessage());
        }
    }

    /** Queues today's digests; returns how many mails were queued. Each person in a transaction of their own. */
    int run(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, SchoolTime.ZONE);
        int queued = 0;
        for (Preference p : preferences.digests()) {
            Boolean done = tx.execute(status -> {
                var since = preferences.lastDigest(p.accountId());
                var unread = feed.unreadBetween(p.accountId(), since, now, MAX_LINES);
                preferences.digested(p.accountId(), now);
                if (unread.isEmpty()) {
                    return false;
                }
                var written = text.digest(unread, p.lang());
                return outbox.enqueue(
                        "digest:" + p.accountId() + ":" + day,
                        mail.messageIdDomain(),
                        p.email().orElseThrow(),
                        written.subject(),
                        written.body(),
                        now,
                        now);
            });
            if (Boolean.TRUE.equals(done)) {
                queued++;
            }
        }
        return queued;
    }
}
