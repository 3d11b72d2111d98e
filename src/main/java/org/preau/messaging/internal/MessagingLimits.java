package org.preau.messaging.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one account may send (ADR 0047): messages per hour and recipients per message (a group counts as its
 * members), stricter for pupils, whose accounts were the ones abused in March 2024. A group message of a teacher to
 * the parents of a class must pass; a pupil's burst to the whole school must not.
 */
@ConfigurationProperties("preau.messaging.limits")
public record MessagingLimits(
        @DefaultValue("20") int pupilMessagesPerHour,
        @DefaultValue("15") int pupilRecipientsPerMessage,
        @DefaultValue("60") int messagesPerHour,
        @DefaultValue("2000") int recipientsPerMessage) {}
