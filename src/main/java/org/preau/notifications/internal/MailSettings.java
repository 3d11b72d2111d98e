package org.preau.notifications.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How mail leaves (ADR 0052). The SMTP server itself is Spring Boot's {@code spring.mail.*} (host, port, user,
 * password, TLS); without {@code spring.mail.host} no mail is sent and the outbox keeps what it is given.
 *
 * @param from the sender of every mail
 * @param perDomainPerMinute how many mails one destination domain receives per minute at most, across all nodes
 *     (school and family mailboxes at one provider flag a sudden burst as spam)
 * @param batch how many mails one pass of the relay claims at most
 * @param claim how long a claimed mail is left to its relay before another may send it (longer than a send)
 * @param maxBackoff the longest wait between two attempts while SMTP fails
 * @param poll how often the relay looks for due mail
 */
@ConfigurationProperties("preau.mail")
record MailSettings(
        @DefaultValue("Préau <ne-pas-repondre@preau.invalid>")
        String from,

        @DefaultValue("60") int perDomainPerMinute,
        @DefaultValue("50") int batch,
        @DefaultValue("2m") Duration claim,
        @DefaultValue("15m") Duration maxBackoff,
        @DefaultValue("PT5S") Duration poll) {

    /** The domain of Message-IDs: the sender's. */
    String messageIdDomain() {
        String address = from.contains("<") ? from.substring(from.indexOf('<') + 1, from.indexOf('>')) : from;
        return address.substring(address.indexOf('@') + 1).strip();
    }

    /** The wait before attempt {@code attempts + 1}: 30 s, doubling, at most {@link #maxBackoff}. */
    Duration backoff(int attempts) {
        long seconds = 30L << Math.min(Math.max(attempts - 1, 0), 20);
        return Duration.ofSeconds(Math.min(seconds, maxBackoff.toSeconds()));
    }
}
