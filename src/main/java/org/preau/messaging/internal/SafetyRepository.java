package org.preau.messaging.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.messaging.internal.Mail.Report;
import org.preau.messaging.internal.Mail.Suspension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reports (with the evidence copied in) and suspensions, in plain SQL. */
@Repository
class SafetyRepository {

    private final JdbcClient jdbc;

    SafetyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The suspension that applies to a school: its own, or the one of every school. */
    Optional<Suspension> suspensionOf(UUID schoolId) {
        return jdbc.sql("""
                        select school_id, reason, suspended_at from messaging_suspension
                        where school_id in (?, ?) order by school_id = ? desc limit 1""")
                .params(schoolId, Suspension.EVERY_SCHOOL, Suspension.EVERY_SCHOOL)
                .query((rs, n) -> new Suspension(
                        rs.getObject("school_id", UUID.class),
                        rs.getString("reason"),
                        rs.getTimestamp("suspended_at").toInstant()))
                .optional();
    }

    /** A school's own suspension (or every school's with the nil id), not the one inherited from every school. */
    Optional<Suspension> ownSuspension(UUID schoolId) {
        return jdbc.sql("select school_id, reason, suspended_at from messaging_suspension where school_id = ?")
                .param(schoolId)
                .query((rs, n) -> new Suspension(
                        rs.getObject("school_id", UUID.class),
                        rs.getString("reason"),
                        rs.getTimestamp("suspended_at").toInstant()))
                .optional();
    }

    void suspend(UUID schoolId, String reason, UUID by, Instant now) {
        jdbc.sql("""
                        insert into messaging_suspension (school_id, reason, suspended_by, suspended_at)
                        values (?, ?, ?, ?)
                        on conflict (school_id) do update set reason = excluded.reason,
                            suspended_by = excluded.suspended_by, suspended_at = excluded.suspended_at""").params(schoolId, reason, by, Timestamp.from(now)).update();
    }

    boolean lift(UUID schoolId) {
        return jdbc.sql("delete from messaging_suspension where school_id = ?")
                        .param(schoolId)
                        .update()
                > 0;
    }

    boolean accountSuspended(UUID accountId) {
        return jdbc.sql("select exists (select 1 from messaging_account_suspension where account_id = ?)")
                .param(accountId)
                .query(Boolean.class)
                .single();
    }

    void suspendAccount(UUID schoolId, UUID accountId, String reason, UUID by, Instant now) {
        jdbc.sql("""
                        insert into messaging_account_suspension (school_id, account_id, reason, suspended_by, suspended_at)
                        values (?, ?, ?, ?, ?)
                        on conflict (school_id, account_id) do update set reason = excluded.reason,
                            suspended_by = excluded.suspended_by, suspended_at = excluded.suspended_at""")
                .params(schoolId, accountId, reason, by, Timestamp.from(now))
                .update();
    }

    boolean restoreAccount(UUID schoolId, UUID accountId) {
        return jdbc.sql("delete from messaging_account_suspension where school_id = ? and account_id = ?")
                        .params(schoolId, accountId)
                        .update()
                > 0;
    }

    record SuspendedRow(UUID accountId, String reason, Instant since) {}

    List<SuspendedRow> suspendedAccounts(UUID schoolId) {
        return jdbc.sql("""
                        select account_id, reason, suspended_at from messaging_account_suspension
                        where school_id = ? order by suspended_at desc""")
                .param(schoolId)
                .query((rs, n) -> new SuspendedRow(
                        rs.getObject("account_id", UUID.class),
                        rs.getString("reason"),
                        rs.getTimestamp("suspended_at").toInstant()))
                .list();
    }

    boolean reported(UUID messageId, UUID reporter) {
        return jdbc.sql("select exists (select 1 from message_report where message_id = ? and reporter_id = ?)")
                .params(messageId, reporter)
                .query(Boolean.class)
                .single();
    }

    /** Files a report with a copy of the message as it is now: the evidence outlives any deletion. */
    void insertReport(UUID schoolId, UUID id, Mail.Message m, UUID reporter, String reason, Instant now) {
        jdbc.sql("""
                        insert into message_report (school_id, id, message_id, reporter_id, reason, reported_at,
                            sender_id, sender_name, evidence_subject, evidence_html, evidence_sent_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        schoolId,
                        id,
                        m.id(),
                        reporter,
                        reason,
                        Timestamp.from(now),
                        m.senderId(),
                        m.senderName(),
                        m.subject(),
                        m.bodyHtml(),
                        Timestamp.from(m.sentAt().orElseThrow()))
                .update();
    }

    private static final String REPORT_COLUMNS = """
            r.school_id, r.id, r.message_id, r.reporter_id, r.reason, r.reported_at, r.sender_id, r.sender_name,
            r.evidence_subject, r.evidence_html, r.evidence_sent_at,
            exists (select 1 from messaging_account_suspension s
                    where s.school_id = r.school_id and s.account_id = r.sender_id) as suspended""";

    List<Report> openReports(UUID schoolId) {
        return jdbc.sql("select " + REPORT_COLUMNS + """
                         from message_report r where r.school_id = ? and r.closed_at is null
                        order by r.reported_at""")
                .param(schoolId)
                .query(SafetyRepository::report)
                .list();
    }

    Optional<Report> report(UUID reportId) {
        return jdbc.sql("select " + REPORT_COLUMNS + " from message_report r where r.id = ?")
                .param(reportId)
                .query(SafetyRepository::report)
                .optional();
    }

    boolean close(UUID schoolId, UUID reportId, UUID by, Instant now) {
        return jdbc.sql("""
                                update message_report set closed_by = ?, closed_at = ?
                                where school_id = ? and id = ? and closed_at is null""").params(by, Timestamp.from(now), schoolId, reportId).update() > 0;
    }

    private static Report report(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Report(
                rs.getObject("school_id", UUID.class),
                rs.getObject("id", UUID.class),
                rs.getObject("message_id", UUID.class),
                rs.getObject("reporter_id", UUID.class),
                rs.getString("reason"),
                rs.getTimestamp("reported_at").toInstant(),
                rs.getObject("sender_id", UUID.class),
                rs.getString("sender_name"),
                rs.getString("evidence_subject"),
                rs.getString("evidence_html"),
                rs.getTimestamp("evidence_sent_at").toInstant(),
                rs.getBoolean("suspended"));
    }
}
