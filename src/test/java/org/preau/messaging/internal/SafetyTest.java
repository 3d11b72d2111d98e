package org.preau.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.messaging.internal.MessagingFixtures.auditRows;
import static org.preau.messaging.internal.MessagingFixtures.message;
import static org.preau.messaging.internal.MessagingFixtures.school;
import static org.preau.messaging.internal.MessagingFixtures.staff;
import static org.preau.messaging.internal.MessagingFixtures.to;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Send limits, reports and suspensions, each moderation action with its audit row. */
@PreauIntegrationTest
class SafetyTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MessagingService messaging;

    @Autowired
    ModerationService moderation;

    @Autowired
    MessagingLimits limits;

    TestSchool school;

    @BeforeEach
    void setUp() {
        school = school(jdbc);
    }

    static Problem problem(Runnable action) {
        try {
            action.run();
        } catch (Problem p) {
            return p;
        }
        throw new AssertionError("expected a refusal");
    }

    static String key(Problem p) {
        return p.fields().isEmpty()
                ? p.key()
                : p.fields().values().iterator().next().key();
    }

    @Test
    void aPupilSendsAtMostTheirHourlyAllowanceThenIsToldWhen() {
        for (int i = 0; i < limits.pupilMessagesPerHour(); i++) {
            messaging.sendNew(school.pupil, message("Question " + i, to(school.mathsTeacher)));
        }
        var refused = problem(() -> messaging.sendNew(school.pupil, message("Une de trop", to(school.mathsTeacher))));
        assertThat(refused.status().value()).isEqualTo(429);
        assertThat(refused.key()).isEqualTo("messaging.limit.hour");
        assertThat(refused.retryAfter()).isPresent();
        assertThat(refused.message().args()).first().isEqualTo(limits.pupilMessagesPerHour());
        // Nothing half-written: the refused message is neither sent nor left as a draft.
        assertThat(jdbc.sql("select count(*) from message where sender_id = ? and subject = 'Une de trop'")
                        .param(school.pupil.accountId())
                        .query(Integer.class)
                        .single())
                .isZero();
        // A teacher's allowance is larger: the same count passes.
        for (int i = 0; i <= limits.pupilMessagesPerHour(); i++) {
            messaging.sendNew(school.mathsTeacher, message("Info " + i, to(school.pupil)));
        }
    }

    @Test
    void aPupilCannotSendToMoreRecipientsThanTheirLimit() {
        // More staff in the school than a pupil may reach with one message: the staff group is too big for them.
        for (int i = 0; i < limits.pupilRecipientsPerMessage(); i++) {
            CurrentUser s = DirectoryFixtures.account(jdbc, Profile.STAFF, "Agent" + i, "Vie-Scolaire");
            DirectoryFixtures.member(jdbc, school.schoolId, s, "STAFF", null);
        }
        var refused = problem(() -> messaging.sendNew(school.pupil, message("À tout le personnel", staff(school))));
        assertThat(refused.fields()).containsOnlyKeys("destinataires");
        assertThat(key(refused)).isEqualTo("messaging.limit.recipients");
        // The head, staff of the school, may.
        messaging.sendNew(school.head, message("Réunion du personnel", staff(school)));
    }

    @Test
    void aReportReachesTheSchoolsQueueAndKeepsTheEvidenceWhateverTheSenderDoes() throws Exception {
        var m = messaging.sendNew(school.otherPupil, message("Menace", to(school.mathsTeacher)));
        // Only a recipient reports; the sender and strangers cannot.
        assertThat(problem(() -> moderation.report(school.otherPupil, m.id(), ""))
                        .status()
                        .value())
                .isEqualTo(404);
        assertThat(problem(() -> moderation.report(school.pupil, m.id(), ""))
                        .status()
                        .value())
                .isEqualTo(404);
        moderation.report(school.mathsTeacher, m.id(), "Propos menaçants");
        assertThat(key(problem(() -> moderation.report(school.mathsTeacher, m.id(), "encore"))))
                .isEqualTo("messaging.report.already");
        assertThat(auditRows(jdbc, ModerationService.REPORTED, school.mathsTeacher.accountId()))
                .isEqualTo(1);

        // The sender throws their copy away; the evidence stays in the queue.
        messaging.trash(school.otherPupil, m.id(), true);
        jdbc.sql("delete from mailbox where message_id = ? and account_id = ?")
                .params(m.id(), school.otherPupil.accountId())
                .update();
        var queue = moderation.queue(school.head, school.schoolId);
        assertThat(queue).singleElement().satisfies(r -> {
            assertThat(r.subject()).isEqualTo("Menace");
            assertThat(r.bodyHtml()).contains("Menace");
            assertThat(r.senderId()).isEqualTo(school.otherPupil.accountId());
            assertThat(r.reason()).isEqualTo("Propos menaçants");
        });
        // Nobody outside the school's staff (and the operator) sees the queue.
        for (CurrentUser notStaff : new CurrentUser[] {school.mathsTeacher, school.pupil, school(jdbc).head}) {
            assertThat(problem(() -> moderation.queue(notStaff, school.schoolId))
                            .status()
                            .value())
                    .isEqualTo(403);
        }

        // The head suspends the sender's sending: they can read, not send.
        UUID reportId = queue.getFirst().id();
        assertThat(key(problem(() -> moderation.suspendSender(school.head, reportId, " "))))
                .isEqualTo("messaging.suspension.reason.required");
        moderation.suspendSender(school.head, reportId, "Menaces envers un enseignant");
        assertThat(auditRows(jdbc, ModerationService.ACCOUNT_SUSPENDED, school.head.accountId()))
                .isEqualTo(1);
        var refused = problem(() -> messaging.sendNew(school.otherPupil, message("Encore", to(school.mathsTeacher))));
        assertThat(refused.status().value()).isEqualTo(403);
        assertThat(refused.key()).isEqualTo("messaging.suspended.account");
        messaging.sendNew(school.mathsTeacher, message("Convocation", to(school.otherPupil)));
        assertThat(messaging.unread(school.otherPupil)).isEqualTo(1);

        moderation.close(school.head, reportId);
        assertThat(moderation.queue(school.head, school.schoolId)).isEmpty();
        assertThat(auditRows(jdbc, ModerationService.REPORT_CLOSED, school.head.accountId()))
                .isEqualTo(1);
        moderation.restoreAccount(school.head, school.schoolId, school.otherPupil.accountId());
        assertThat(auditRows(jdbc, ModerationService.ACCOUNT_RESTORED, school.head.accountId()))
                .isEqualTo(1);
        messaging.sendNew(school.otherPupil, message("Pardon", to(school.mathsTeacher)));
        // A guessed report id of another school is not found by this school's staff.
        assertThat(problem(() -> moderation.close(school(jdbc).head, reportId))
                        .status()
                        .value())
                .isEqualTo(404);
    }

    @Test
    void theHeadSuspendsTheSchoolsMessagingReadingStaysAndTheReasonIsShown() throws Exception {
        var before = messaging.sendNew(school.mathsTeacher, message("Avant", to(school.parent)));
        // A teacher is not the direction.
        assertThat(problem(() -> moderation.suspendSchool(school.mathsTeacher, school.schoolId, "non"))
                        .status()
                        .value())
                .isEqualTo(403);
        moderation.suspendSchool(school.head, school.schoolId, "Messages malveillants en cours d’examen");
        assertThat(auditRows(jdbc, ModerationService.SCHOOL_SUSPENDED, school.head.accountId()))
                .isEqualTo(1);

        var refused = problem(() -> messaging.sendNew(school.parent, message("Réponse", to(school.mathsTeacher))));
        assertThat(refused.status().value()).isEqualTo(403);
        assertThat(refused.key()).isEqualTo("messaging.suspended.send");
        assertThat(refused.message().args()).containsExactly("Messages malveillants en cours d’examen");
        assertThat(messaging.openThread(school.parent, before.id())).hasSize(1);
        assertThat(messaging.suspension(school.parent))
                .hasValueSatisfying(s -> assertThat(s.reason()).isEqualTo("Messages malveillants en cours d’examen"));
        // Another school is not affected.
        var other = school(jdbc);
        messaging.sendNew(other.mathsTeacher, message("Ailleurs", to(other.parent)));

        moderation.liftSchool(school.head, school.schoolId);
        assertThat(auditRows(jdbc, ModerationService.SCHOOL_RESTORED, school.head.accountId()))
                .isEqualTo(1);
        messaging.sendNew(school.parent, message("Réponse", to(school.mathsTeacher)));
    }

    @Test
    void onlyTheOperatorSuspendsEverySchool() throws Exception {
        CurrentUser operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Odile", "Operatrice");
        assertThat(problem(() -> moderation.suspendEverySchool(school.head, "non"))
                        .status()
                        .value())
                .isEqualTo(403);
        try {
            moderation.suspendEverySchool(operator, "Incident national");
            assertThat(auditRows(jdbc, ModerationService.ALL_SUSPENDED, operator.accountId()))
                    .isEqualTo(1);
            var refused = problem(() -> messaging.sendNew(school.mathsTeacher, message("Info", to(school.parent))));
            assertThat(refused.key()).isEqualTo("messaging.suspended.send");
            assertThat(messaging.suspension(school.pupil))
                    .hasValueSatisfying(s -> assertThat(s.everySchool()).isTrue());
        } finally {
            moderation.liftEverySchool(operator);
        }
        assertThat(auditRows(jdbc, ModerationService.ALL_RESTORED, operator.accountId()))
                .isEqualTo(1);
        messaging.sendNew(school.mathsTeacher, message("Info", to(school.parent)));
        assertThat(Optional.of(school)).isPresent();
    }
}
