package org.preau.notifications.internal;

import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Sends what the outbox holds (ADR 0052): claims due mail within each domain's rate, sends each over SMTP with its
 * stored Message-ID, marks it sent once the server accepted it, or puts it back with a growing back-off. A relay that
 * dies between the server's acceptance and the mark sends that mail again once its claim lapses: at least once, with
 * the same Message-ID, never lost. Three failures in a row end the pass (the server is down: no point hammering it).
 * Any node may run it; claims keep two nodes off one mail.
 */
class MailRelay {

    private static final Logger log = LoggerFactory.getLogger(MailRelay.class);
    static final int FAILURES_ENDING_A_PASS = 3;

    private final MailOutbox outbox;
    private final JavaMailSender sender;
    private final MailSettings settings;
    private final Clock clock;

    MailRelay(MailOutbox outbox, JavaMailSender sender, MailSettings settings, Clock clock) {
        this.outbox = outbox;
        this.sender = sender;
        this.settings = settings;
        this.clock = clock;
    }

    /** One pass: returns how many mails the SMTP server accepted. */
    int sendDue() {
        Instant now = clock.instant();
        List<MailOutbox.Mail> claimed =
                outbox.claim(now, now.plus(settings.claim()), settings.perDomainPerMinute(), settings.batch());
        int sent = 0;
        int failuresInARow = 0;
        for (int i = 0; i < claimed.size(); i++) {
            var mail = claimed.get(i);
            try {
                send(mail);
                outbox.sent(mail.id(), clock.instant());
                sent++;
                failuresInARow = 0;
            } catch (MailException | MessagingException e) {
                Instant retry = clock.instant().plus(settings.backoff(mail.attempts()));
                outbox.failed(mail.id(), retry, String.valueOf(e.getMessage()));
                log.warn(
                        "Mail {} not sent (attempt {}), retried at {}: {}",
                        mail.id(),
                        mail.attempts(),
                        retry,
                        e.getMessage());
                if (++failuresInARow >= FAILURES_ENDING_A_PASS) {
                    var rest = new ArrayList<UUID>();
                    claimed.subList(i + 1, claimed.size()).forEach(m -> rest.add(m.id()));
                    outbox.release(rest, retry);
                    break;
                }
            }
        }
        return sent;
    }

    private void send(MailOutbox.Mail mail) throws MessagingException {
        var message = sender.createMimeMessage();
        var helper = new MimeMessageHelper(message, false, StandardCharsets.UTF_8.name());
        helper.setFrom(settings.from());
        helper.setTo(mail.recipient());
        helper.setSubject(mail.subject());
        helper.setText(mail.body(), false);
        // The same on every attempt: Spring's sender keeps an explicit Message-ID through saveChanges().
        message.setHeader("Message-ID", mail.messageId());
        message.setHeader("Auto-Submitted", "auto-generated");
        sender.send(message);
    }
}
