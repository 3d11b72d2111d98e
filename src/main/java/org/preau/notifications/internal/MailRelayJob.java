package org.preau.notifications.internal;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link MailRelay} every {@code preau.mail.poll} on every node, when an SMTP server is configured
 * ({@code spring.mail.host}). Without one, mail waits in the outbox, said once in the log.
 */
@Component
class MailRelayJob {

    private static final Logger log = LoggerFactory.getLogger(MailRelayJob.class);

    private final MailRelay relay;

    MailRelayJob(MailOutbox outbox, ObjectProvider<JavaMailSender> sender, MailSettings settings, Clock clock) {
        JavaMailSender smtp = sender.getIfAvailable();
        this.relay = smtp == null ? null : new MailRelay(outbox, smtp, settings, clock);
        if (smtp == null) {
            log.info("No SMTP server configured (spring.mail.host): notification mail waits in the outbox.");
        }
    }

    @Scheduled(fixedDelayString = "${preau.mail.poll:PT5S}", initialDelayString = "${preau.mail.poll:PT5S}")
    void run() {
        if (relay == null) {
            return;
        }
        try {
            relay.sendDue();
        } catch (RuntimeException e) {
            // The database may be away: the next pass tries again.
            log.warn("Mail relay pass failed: {}", e.getMessage());
        }
    }
}
