package org.preau.messaging.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.UUID;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Per-account send limits as Bucket4j token buckets (the library surge already uses): one token per message sent,
 * refilled over the hour, so a burst of the hour's allowance is possible and then one message every few minutes.
 * The buckets live on this node (ADR 0047): behind N nodes without sticky sessions an account could send up to N
 * times the limit, which is still a limit; a shared bucket (bucket4j's PostgreSQL backend) is the next step.
 */
@Component
class SendLimits {

    private final MessagingLimits limits;
    private final Cache<UUID, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterAccess(Duration.ofHours(2))
            .build();

    SendLimits(MessagingLimits limits) {
        this.limits = limits;
    }

    int maxRecipients(CurrentUser user) {
        return user.is(Profile.PUPIL) ? limits.pupilRecipientsPerMessage() : limits.recipientsPerMessage();
    }

    int perHour(CurrentUser user) {
        return user.is(Profile.PUPIL) ? limits.pupilMessagesPerHour() : limits.messagesPerHour();
    }

    /** Refuses a message with more recipients than the sender's limit, naming the limit. */
    void checkRecipients(CurrentUser user, int recipients) {
        int max = maxRecipients(user);
        if (recipients > max) {
            throw Problem.invalid("destinataires", "messaging.limit.recipients", max, recipients);
        }
    }

    /** Takes one message from the sender's hourly allowance, or refuses (429) saying when sending is possible again. */
    void takeOne(CurrentUser user) {
        int perHour = perHour(user);
        Bucket bucket = buckets.get(
                user.accountId(),
                id -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(perHour)
                                .refillGreedy(perHour, Duration.ofHours(1))
                                .build())
                        .build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long minutes = Math.max(1, (probe.getNanosToWaitForRefill() + 59_999_999_999L) / 60_000_000_000L);
            throw new Problem(HttpStatus.TOO_MANY_REQUESTS, "messaging.limit.hour", perHour, minutes)
                    .retryAfter(Duration.ofMinutes(minutes))
                    .typed("messaging-send-limit");
        }
    }
}
