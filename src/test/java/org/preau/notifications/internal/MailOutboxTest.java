package org.preau.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.WorkAssigned;
import org.preau.notifications.NotificationKind;
import org.preau.notifications.NotificationRequested;
import org.preau.platform.Ids;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The mail outbox against a real SMTP server (GreenMail) and the real PostgreSQL (issue 11 §4, ADR 0052): SMTP down
 * for a while then back delivers every mail once; bursts are shaped per destination domain; a crash between the
 * server's acceptance and the mark sends the same message again (at least once, same Message-ID). The relay runs on a
 * clock of the test's, so back-off and rate windows pass without waiting.
 */
@PreauIntegrationTest
class MailOutboxTest {

    /** A clock the test moves, a minute ahead of the application's so that what it just queued is due. */
    static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().plusSeconds(60));

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MailOutbox outbox;

    @Autowired
    Inbox inbox;

    @Autowired
    Preferences preferences;

    @Autowired
    Digests digests;

    @Autowired
    Clock appClock;

    TestClock clock;
    GreenMail smtp;
    int port;
    JavaMailSenderImpl sender;
    TestSchool school;
    /** Every test mails its own domain: the rate is per domain, and other tests' mail may share the outbox. */
    String domain;

    @BeforeEach
    void setUp() throws Exception {
        school = TestSchool.create(jdbc);
        domain = "ecole-" + school.suffix + ".test";
        clock = new TestClock();
        try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(port);
        var props = new Properties();
        props.put("mail.smtp.connectiontimeout", "2000");
        props.put("mail.smtp.timeout", "5000");
        props.put("mail.smtp.writetimeout", "5000");
        sender.setJavaMailProperties(props);
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    MailRelay relay(int perDomainPerMinute) {
        var settings = new MailSettings(
                "Préau <ne-pas-repondre@preau.test>",
                perDomainPerMinute,
                500,
                Duration.ofMinutes(2),
                Duration.ofMinutes(15),
                Duration.ofSeconds(5));
        return new MailRelay(outbox, sender, settings, clock);
    }

    void queue(String local, String subject) {
        outbox.enqueue(
                "test:" + Ids.newId(),
                "preau.test",
                local + "@" + domain,
                subject,
                "Bonjour,\nun message de test.",
                appClock.instant(),
                appClock.instant());
    }

    List<MimeMessage> received() throws Exception {
        var mine = new java.util.ArrayList<MimeMessage>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().endsWith("@" + domain))) {
                mine.add(m);
            }
        }
        return mine;
    }

    List<String> recipients() throws Exception {
        var out = new java.util.ArrayList<String>();
        for (MimeMessage m : received()) {
            out.add(m.getRecipients(Message.RecipientType.TO)[0].toString());
        }
        return out;
    }

    int unsent() {
        return jdbc.sql("select count(*) from mail_outbox where domain = ? and sent_at is null")
                .param(domain)
                .query(Integer.class)
                .single();
    }

    @Test
    void smtpDownForAWhileThenBackDeliversEveryMailOnce() throws Exception {
        queue("a", "Premier");
        queue("b", "Deuxième");
        queue("c", "Troisième");
        var relay = relay(100);

        // Down: nothing accepted, nothing lost, each mail waits for its next attempt with the error kept.
        relay.sendDue();
        assertThat(unsent()).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from mail_outbox where domain = ? and last_error is not null")
                        .param(domain)
                        .query(Integer.class)
                        .single())
                .isPositive();
        clock.advance(Duration.ofSeconds(10));
        relay.sendDue();
        clock.advance(Duration.ofSeconds(35));
        relay.sendDue();
        assertThat(unsent()).as("still down: all kept").isEqualTo(3);

        smtp.start();
        clock.advance(Duration.ofMinutes(2));
        relay.sendDue();
        clock.advance(Duration.ofHours(1));
        relay.sendDue();

        assertThat(recipients()).containsExactlyInAnyOrder("a@" + domain, "b@" + domain, "c@" + domain);
        assertThat(unsent()).isZero();
    }

    @Test
    void burstsAreShapedPerDestinationDomain() throws Exception {
        smtp.start();
        for (int i = 0; i < 5; i++) {
            queue("parent" + i, "Message " + i);
        }
        String otherDomain = "autre-" + school.suffix + ".test";
        outbox.enqueue(
                "test:" + Ids.newId(),
                "preau.test",
                "x@" + otherDomain,
                "Ailleurs",
                "Texte",
                appClock.instant(),
                appClock.instant());
        var relay = relay(2);
        relay.sendDue();
        assertThat(received()).hasSize(2);
        assertThat(unsentTo(otherDomain)).as("another domain is not held back").isZero();
        relay.sendDue();
        assertThat(received()).as("the domain's minute is used up").hasSize(2);
        clock.advance(Duration.ofSeconds(61));
        relay.sendDue();
        assertThat(received()).hasSize(4);
        clock.advance(Duration.ofSeconds(61));
        relay.sendDue();
        assertThat(received()).hasSize(5);
        assertThat(unsent()).isZero();
    }

    int unsentTo(String d) {
        return jdbc.sql("select count(*) from mail_outbox where domain = ? and sent_at is null")
                .param(d)
                .query(Integer.class)
                .single();
    }

    @Test
    void aCrashBetweenSendingAndMarkingSendsTheSameMessageIdAgain() throws Exception {
        smtp.start();
        queue("d", "Une fois ou deux");
        // A relay claims it and the server accepts it, then the node dies before marking it sent.
        var claimed = outbox.claim(clock.instant(), clock.instant().plus(Duration.ofMinutes(2)), 100, 500).stream()
                .filter(m -> m.recipient().endsWith("@" + domain))
                .toList();
        assertThat(claimed).hasSize(1);
        var message = sender.createMimeMessage();
        message.setRecipients(Message.RecipientType.TO, claimed.getFirst().recipient());
        message.setFrom("ne-pas-repondre@preau.test");
        message.setSubject(claimed.getFirst().subject(), "UTF-8");
        message.setText(claimed.getFirst().body(), "UTF-8");
        message.setHeader("Message-ID", claimed.getFirst().messageId());
        sender.send(message);

        var relay = relay(100);
        relay.sendDue();
        assertThat(received()).as("still claimed by the dead relay").hasSize(1);
        clock.advance(Duration.ofMinutes(3));
        relay.sendDue();
        clock.advance(Duration.ofMinutes(10));
        relay.sendDue();

        var got = received();
        assertThat(got).hasSize(2);
        assertThat(got.get(0).getMessageID())
                .isEqualTo(got.get(1).getMessageID())
                .isEqualTo(claimed.getFirst().messageId());
        assertThat(unsent()).isZero();
    }

    @Test
    void someoneWhoWantsMailAtOnceGetsOneMailPerNotificationInTheirLanguage() throws Exception {
        smtp.start();
        String address = "louise@" + domain;
        preferences.save(school.pupil, Optional.of(EmailMode.IMMEDIATE), address, "fr");
        var workId = Ids.newId();
        var event = new WorkAssigned(
                school.schoolId,
                school.classId,
                school.mathsId,
                Ids.newId(),
                workId,
                java.time.LocalDate.now(appClock).plusDays(2),
                appClock.instant());
        inbox.on(event);
        inbox.on(event);
        clock.advance(Duration.ofMinutes(1));
        relay(100).sendDue();

        var got = received();
        assertThat(got).hasSize(1);
        assertThat(got.getFirst().getSubject()).startsWith("Préau — Nouveau travail en Mathématiques (3e B)");
        assertThat(String.valueOf(got.getFirst().getContent())).contains("/travail/" + workId);
        assertThat(got.getFirst().getHeader("Auto-Submitted")[0]).isEqualTo("auto-generated");
    }

    @Test
    void theDailyDigestGathersWhatIsStillUnreadOnceADay() throws Exception {
        smtp.start();
        String address = "claire@" + domain;
        preferences.save(school.parent, Optional.of(EmailMode.DIGEST), address, "fr");
        var workId = Ids.newId();
        inbox.on(new WorkAssigned(
                school.schoolId,
                school.classId,
                school.mathsId,
                Ids.newId(),
                workId,
                java.time.LocalDate.now(appClock).plusDays(2),
                appClock.instant()));
        inbox.on(new NotificationRequested(
                NotificationKind.MESSAGE,
                "message:" + Ids.newId(),
                List.of(school.parent.accountId()),
                Optional.of(school.schoolId),
                List.of("Ada Lovelace", "Réunion de jeudi"),
                "/messagerie/fil/1",
                appClock.instant()));
        assertThat(jdbc.sql("select count(*) from mail_outbox where recipient = ?")
                        .param(address)
                        .query(Integer.class)
                        .single())
                .as("no mail at once for a digest reader")
                .isZero();

        Instant evening = appClock.instant().plusSeconds(1);
        digests.run(evening);
        digests.run(evening.plusSeconds(60));
        clock.advance(Duration.ofMinutes(2));
        relay(100).sendDue();

        var got = received();
        assertThat(got).hasSize(1);
        assertThat(got.getFirst().getSubject()).isEqualTo("Préau — 2 nouveautés aujourd’hui");
        assertThat(String.valueOf(got.getFirst().getContent()))
                .contains("Nouveau travail en Mathématiques", "Nouveau message de Ada Lovelace : Réunion de jeudi");
    }
}
