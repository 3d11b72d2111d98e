package org.preau.messaging.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Directory;
import org.preau.directory.Person;
import org.preau.directory.Rights;
import org.preau.directory.School;
import org.preau.identity.CurrentUser;
import org.preau.messaging.internal.Mail.Report;
import org.preau.messaging.internal.Mail.SuspendedAccount;
import org.preau.messaging.internal.Mail.Suspension;
import org.preau.platform.Ids;
import org.preau.platform.audit.AuditEvent;
import org.preau.platform.web.Problem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reports and suspensions. A recipient reports a message to its school's staff; the report keeps a copy of the
 * message, so the evidence stays whatever the sender then deletes. The school's staff (and the operator) work the
 * queue and suspend one account's sending; the school's direction suspends its school's messaging, the operator every
 * school's; reading always stays possible. Every one of these actions is published as an {@link AuditEvent} inside
 * its transaction, so the audit log has it if and only if it happened.
 */
@Service
public class ModerationService {

    static final String REPORTED = "messaging.report";
    static final String REPORT_CLOSED = "messaging.report-closed";
    static final String ACCOUNT_SUSPENDED = "messaging.account-suspended";
    static final String ACCOUNT_RESTORED = "messaging.account-restored";
    static final String SCHOOL_SUSPENDED = "messaging.school-suspended";
    static final String SCHOOL_RESTORED = "messaging.school-restored";
    static final String ALL_SUSPENDED = "messaging.all-suspended";
    static final String ALL_RESTORED = "messaging.all-restored";

    static final int MAX_REASON = 500;

    private final MessagingService messages;
    private final SafetyRepository safety;
    private final Rights rights;
    private final Directory directory;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ModerationService(
            MessagingService messages,
            SafetyRepository safety,
            Rights rights,
            Directory directory,
            ApplicationEventPublisher events,
            Clock clock) {
        this.messages = messages;
        this.safety = safety;
        this.rights = rights;
        this.directory = directory;
        this.events = events;
        this.clock = clock;
    }

    /** "Signaler ce message": only a recipient of a sent message, once. */
    @Transactional
    public UUID report(CurrentUser user, UUID messageId, String reason) {
        var m = messages.message(user, messageId);
        if (m.isDraft() || m.sentByMe()) {
            throw Problem.notFound();
        }
        String why = reason == null ? "" : reason.strip();
        if (why.length() > MAX_REASON) {
            throw Problem.invalid("raison", "messaging.reason.tooLong", MAX_REASON);
        }
        if (safety.reported(messageId, user.accountId())) {
            throw Problem.conflict("messaging.report.already");
        }
        UUID id = Ids.newId();
        safety.insertReport(m.schoolId(), id, m, user.accountId(), why, clock.instant());
        events.publishEvent(AuditEvent.of(REPORTED, user.accountId(), clock)
                .school(m.schoolId())
                .target(m.senderId())
                .with("subject", m.subject()));
        return id;
    }

    /** The schools whose queue the person works: its staff's, every school for the operator. */
    public List<School> moderatedSchools(CurrentUser user) {
        return rights.administeredSchools(user);
    }

    /** The school asked for, or the first one the person moderates; forbidden to anyone else. */
    public School school(CurrentUser user, Optional<UUID> schoolId) {
        var schools = moderatedSchools(user);
        if (schools.isEmpty()) {
            throw Problem.forbidden();
        }
        if (schoolId.isEmpty()) {
            return schools.getFirst();
        }
        if (!rights.administers(user, schoolId.get())) {
            throw Problem.notFound();
        }
        return directory.school(schoolId.get()).orElseThrow(Problem::notFound);
    }

    public List<Report> queue(CurrentUser user, UUID schoolId) {
        requireModerator(user, schoolId);
        return safety.openReports(schoolId);
    }

    public List<SuspendedAccount> suspendedAccounts(CurrentUser user, UUID schoolId) {
        requireModerator(user, schoolId);
        return safety.suspendedAccounts(schoolId).stream()
                .map(r -> new SuspendedAccount(
                        schoolId,
                        r.accountId(),
                        directory
                                .personOf(schoolId, r.accountId())
                                .map(Person::displayName)
                                .orElse("?"),
                        r.reason(),
                        r.since()))
                .toList();
    }

    @Transactional
    public void close(CurrentUser user, UUID reportId) {
        Report r = reportFor(user, reportId);
        if (safety.close(r.schoolId(), r.id(), user.accountId(), clock.instant())) {
            events.publishEvent(AuditEvent.of(REPORT_CLOSED, user.accountId(), clock)
                    .school(r.schoolId())
                    .target(r.senderId())
                    .with("subject", r.subject()));
        }
    }

    /** Suspends the sending of the reported message's author. */
    @Transactional
    public void suspendSender(CurrentUser user, UUID reportId, String reason) {
        Report r = reportFor(user, reportId);
        suspendAccount(user, r.schoolId(), r.senderId(), reason);
    }

    @Transactional
    public void suspendAccount(CurrentUser user, UUID schoolId, UUID accountId, String reason) {
        requireModerator(user, schoolId);
        var person = directory.personOf(schoolId, accountId).orElseThrow(Problem::notFound);
        if (person.accountId().equals(user.accountId())) {
            throw Problem.conflict("messaging.suspend.self");
        }
        String why = requiredReason(reason);
        safety.suspendAccount(schoolId, accountId, why, user.accountId(), clock.instant());
        events.publishEvent(AuditEvent.of(ACCOUNT_SUSPENDED, user.accountId(), clock)
                .school(schoolId)
                .target(accountId)
                .with("reason", why));
    }

    @Transactional
    public void restoreAccount(CurrentUser user, UUID schoolId, UUID accountId) {
        requireModerator(user, schoolId);
        if (!safety.restoreAccount(schoolId, accountId)) {
            throw Problem.notFound();
        }
        events.publishEvent(AuditEvent.of(ACCOUNT_RESTORED, user.accountId(), clock)
                .school(schoolId)
                .target(accountId));
    }

    /** Whether the person may suspend this school's messaging: its direction, and the operator. */
    public boolean governs(CurrentUser user, UUID schoolId) {
        return rights.governs(user, schoolId);
    }

    public boolean isOperator(CurrentUser user) {
        return rights.isOperator(user);
    }

    public Optional<Suspension> suspensionOf(UUID schoolId) {
        return safety.ownSuspension(schoolId);
    }

    public Optional<Suspension> everySchool() {
        return safety.ownSuspension(Suspension.EVERY_SCHOOL);
    }

    @Transactional
    public void suspendSchool(CurrentUser user, UUID schoolId, String reason) {
        if (!rights.governs(user, schoolId)) {
            throw Problem.forbidden();
        }
        String why = requiredReason(reason);
        safety.suspend(schoolId, why, user.accountId(), clock.instant());
        events.publishEvent(AuditEvent.of(SCHOOL_SUSPENDED, user.accountId(), clock)
                .school(schoolId)
                .with("reason", why));
    }

    @Transactional
    public void liftSchool(CurrentUser user, UUID schoolId) {
        if (!rights.governs(user, schoolId)) {
            throw Problem.forbidden();
        }
        if (safety.lift(schoolId)) {
            events.publishEvent(
                    AuditEvent.of(SCHOOL_RESTORED, user.accountId(), clock).school(schoolId));
        }
    }

    @Transactional
    public void suspendEverySchool(CurrentUser user, String reason) {
        if (!rights.isOperator(user)) {
            throw Problem.forbidden();
        }
        String why = requiredReason(reason);
        safety.suspend(Suspension.EVERY_SCHOOL, why, user.accountId(), clock.instant());
        events.publishEvent(
                AuditEvent.of(ALL_SUSPENDED, user.accountId(), clock).with("reason", why));
    }

    @Transactional
    public void liftEverySchool(CurrentUser user) {
        if (!rights.isOperator(user)) {
            throw Problem.forbidden();
        }
        if (safety.lift(Suspension.EVERY_SCHOOL)) {
            events.publishEvent(AuditEvent.of(ALL_RESTORED, user.accountId(), clock));
        }
    }

    private Report reportFor(CurrentUser user, UUID reportId) {
        Report r = safety.report(reportId).orElseThrow(Problem::notFound);
        if (!rights.administers(user, r.schoolId())) {
            throw Problem.notFound();
        }
        return r;
    }

    private void requireModerator(CurrentUser user, UUID schoolId) {
        if (!rights.administers(user, schoolId)) {
            throw Problem.forbidden();
        }
    }

    private static String requiredReason(String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw Problem.invalid("raison", "messaging.suspension.reason.required");
        }
        if (why.length() > MAX_REASON) {
            throw Problem.invalid("raison", "messaging.reason.tooLong", MAX_REASON);
        }
        return why;
    }
}
