package org.preau.notifications.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The mail_outbox table (ADR 0052). A mail is written in the transaction that decided it, once per cause
 * ({@code dedup_key}); the relay claims due mail for a while, sends it, and marks it sent, or puts it back with a
 * back-off. Nothing is deleted here: a sent row is the record that it was sent.
 */
@Repository
class MailOutbox {

    /** A claimed mail, ready to send. */
    record Mail(UUID id, String messageId, String recipient, String subject, String body, int attempts) {}

    private final JdbcClient jdbc;

    MailOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues a mail unless one with this key exists; returns whether it was queued. */
    boolean enqueue(
            String dedupKey,
            String messageIdDomain,
            String recipient,
            String subject,
            String body,
            Instant notBefore,
            Instant now) {
        UUID id = Ids.newId();
        String domain = recipient.substring(recipient.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        return jdbc.sql("""
                        insert into mail_outbox (id, dedup_key, message_id, recipient, domain, subject, body, created_at,
                            next_attempt_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (dedup_key) do nothing""")
                        .params(
                                id,
                                dedupKey,
                                "<" + id + "@" + messageIdDomain + ">",
                                recipient,
                                domain,
                                subject,
                                body,
                                Timestamp.from(now),
                                Timestamp.from(notBefore.isAfter(now) ? notBefore : now))
                        .update()
                == 1;
    }

    /**
     * Claims up to {@code batch} due mails until {@code until}, at most as many per destination domain as its rate
     * leaves free: {@code perMinute} minus what was sent there in the last minute or is claimed now. Two relays
     * claiming at once never take the same row: the update re-checks the claim on each row it locks.
     */
    List<Mail> claim(Instant now, Instant until, int perMinute, int batch) {
        return jdbc.sql("""
                        with recent as (
                            select domain, count(*) as n from mail_outbox
                            where sent_at > :since or (sent_at is null and claimed_until > :now)
                            group by domain),
                        due as (
                            select id, domain, row_number() over (partition by domain order by next_attempt_at, id) as rn
                            from mail_outbox
                            where sent_at is null and next_attempt_at <= :now
                              and (claimed_until is null or claimed_until <= :now)),
                        chosen as (
                            select d.id from due d left join recent r on r.domain = d.domain
                            where d.rn <= :rate - coalesce(r.n, 0)
                            order by d.rn, d.id
                            limit :batch)
                        update mail_outbox m set claimed_until = :until, attempts = m.attempts + 1
                        from chosen c
                        where m.id = c.id and m.sent_at is null and (m.claimed_until is null or m.claimed_until <= :now)
                        returning m.id, m.message_id, m.recipient, m.subject, m.body, m.attempts""")
                .param("since", Timestamp.from(now.minusSeconds(60)))
                .param("now", Timestamp.from(now))
                .param("until", Timestamp.from(until))
                .param("rate", perMinute)
                .param("batch", batch)
                .query((rs, n) -> new Mail(
                        rs.getObject("id", UUID.class),
                        rs.getString("message_id"),
                        rs.getString("recipient"),
                        rs.getString("subject"),
                        rs.getString("body"),
                        rs.getInt("attempts")))
                .list();
    }

    void sent(UUID id, Instant at) {
        jdbc.sql("update mail_outbox set sent_at = ?, claimed_until = null, last_error = null where id = ?")
                .params(Timestamp.from(at), id)
                .update();
    }

    /** The attempt failed: try again at {@code retryAt}. */
    void failed(UUID id, Instant retryAt, String error) {
        jdbc.sql("update mail_outbox set claimed_until = null, next_attempt_at = ?, last_error = ? where id = ?")
                .params(Timestamp.from(retryAt), error.length() > 500 ? error.substring(0, 500) : error, id)
                .update();
    }

    /** Claimed but not tried (the relay stopped early): back to the queue, the attempt not counted. */
    void release(Collection<UUID> ids, Instant retryAt) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("update mail_outbox set claimed_until = null, attempts = attempts - 1, next_attempt_at = ?"
                        + " where id = any(?)")
                .params(Timestamp.from(retryAt), ids.toArray(UUID[]::new))
                .update();
    }
}
