package org.preau.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.WorkAssigned;
import org.preau.notifications.NotificationKind;
import org.preau.notifications.NotificationRequested;
import org.preau.platform.Ids;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The event publication registry delivers at least once (after a failure, after a restart): a redelivered event must
 * notify nobody twice and queue no second mail (issue 11 §4, ADR 0051).
 */
@PreauIntegrationTest
class IdempotentConsumerTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Inbox inbox;

    @Autowired
    Preferences preferences;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    Clock clock;

    TestSchool school;

    @BeforeEach
    void setUp() {
        school = TestSchool.create(jdbc);
    }

    int notifications(String sourceKeyPrefix) {
        return jdbc.sql("select count(*) from notification where source_key like ?")
                .param(sourceKeyPrefix + "%")
                .query(Integer.class)
                .single();
    }

    int mailsTo(String address) {
        return jdbc.sql("select count(*) from mail_outbox where recipient = ?")
                .param(address)
                .query(Integer.class)
                .single();
    }

    @Test
    void aRedeliveredHomeworkEventAddsNoNotificationAndNoMail() {
        String address = "louise." + school.suffix + "@famille.test";
        preferences.save(school.pupil, Optional.of(EmailMode.IMMEDIATE), address, "fr");
        UUID workId = Ids.newId();
        var event = new WorkAssigned(
                school.schoolId,
                school.classId,
                school.mathsId,
                Ids.newId(),
                workId,
                LocalDate.now(clock).plusDays(2),
                clock.instant());

        inbox.on(event);
        inbox.on(event);

        // Two pupils of the class, and the parent of one of them: three notifications, once each.
        assertThat(notifications("work:" + workId)).isEqualTo(3);
        assertThat(mailsTo(address)).isOne();
    }

    @Test
    void aRequestPublishedTwiceThroughTheRegistryNotifiesEachRecipientOnce() {
        String key = "message:" + Ids.newId();
        var at = clock.instant();
        Supplier<NotificationRequested> request = () -> new NotificationRequested(
                NotificationKind.MESSAGE,
                key,
                List.of(school.pupil.accountId(), school.mathsTeacher.accountId(), school.pupil.accountId()),
                Optional.of(school.schoolId),
                List.of("Ada Lovelace", "Sortie de jeudi"),
                "/messagerie/fil/42",
                at);
        // Published in a transaction, as a module would: stored in the registry, delivered after commit. Two equal
        // events, each its own object, as two publishing transactions (or the registry's own resubmission, which
        // deserialises) make them. Not the same object twice: Spring Modulith 2.0 tracks a publication in flight by
        // the event's identity and listener, so a second publication of the same object replaces the first in that
        // map, and when both deliveries complete at the same moment both mark the second one completed, leaving the
        // first incomplete until a restart republishes it. No module publishes one object twice.
        tx.executeWithoutResult(s -> events.publishEvent(request.get()));
        tx.executeWithoutResult(s -> events.publishEvent(request.get()));

        Await.until(() -> notifications(key) == 2 && pendingPublications(key) == 0);
        assertThat(pendingPublications(key)).as("both deliveries completed").isZero();
        assertThat(notifications(key)).isEqualTo(2);
        assertThat(jdbc.sql("select link from notification where source_key = ? and account_id = ?")
                        .params(key, school.mathsTeacher.accountId())
                        .query(String.class)
                        .single())
                .isEqualTo("/messagerie/fil/42");
    }

    @Test
    void aLinkOffTheSiteIsReplacedByTheFeed() {
        String key = "live:" + Ids.newId();
        inbox.on(new NotificationRequested(
                NotificationKind.LIVE_CLASS_OPENED,
                key,
                List.of(school.pupil.accountId()),
                Optional.of(school.schoolId),
                List.of("3e B", "Mathématiques"),
                "https://phishing.example/login",
                clock.instant()));
        assertThat(jdbc.sql("select link from notification where source_key = ?")
                        .param(key)
                        .query(String.class)
                        .single())
                .isEqualTo("/nouveautes");
    }

    int pendingPublications(String key) {
        return jdbc.sql(
                        "select count(*) from event_publication where completion_date is null and serialized_event like ?")
                .param("%" + key + "%")
                .query(Integer.class)
                .single();
    }
}
