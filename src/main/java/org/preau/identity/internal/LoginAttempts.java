package org.preau.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The audit trail of log-ins and activations: one row per attempt, with whether it counts towards throttling. It is
 * the record the in-memory counters of {@link LoginThrottle} are rebuilt from; they are not queried per attempt.
 */
@Component
class LoginAttempts {

    /** What an attempt came to, as recorded. */
    enum Outcome {
        SUCCESS(false),
        BAD_PASSWORD(true),
        UNKNOWN_LOGIN(true),
        NO_PASSWORD(true),
        DISABLED(true),
        BAD_CODE(true),
        EXPIRED_CODE(true),
        USED_CODE(true),
        THROTTLED_LOGIN(false),
        THROTTLED_ADDRESS(false);

        final boolean counts;

        Outcome(boolean counts) {
            this.counts = counts;
        }
    }

    enum Kind {
        LOGIN,
        ACTIVATION,
        PASSWORD_CHANGE
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    LoginAttempts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The throttling key of what was typed: trimmed, lower case, at most 100 characters (as stored). */
    static String key(String login) {
        String tried = login == null ? "" : login.trim();
        if (tried.length() > 100) {
            tried = tried.substring(0, 100);
        }
        return tried.toLowerCase(Locale.ROOT);
    }

    /** Writes one row of the audit trail, in the caller's transaction if there is one. */
    void record(
            Kind kind,
            Optional<UUID> accountId,
            String login,
            Outcome outcome,
            String address,
            Optional<String> userAgent,
            Optional<UUID> device) {
        String tried = login == null ? "" : login.trim();
        if (tried.length() > 100) {
            tried = tried.substring(0, 100);
        }
        jdbc.sql("""
                        insert into login_attempt (id, kind, account_id, login_tried, login_key, outcome, counts, at,
                                                   address, user_agent, device_id)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        Ids.newId(),
                        kind.name(),
                        accountId.orElse(null),
                        tried,
                        key(tried),
                        outcome.name(),
                        outcome.counts,
                        utc(clock.instant()),
                        address,
                        userAgent
                                .map(ua -> ua.length() > 300 ? ua.substring(0, 300) : ua)
                                .orElse(null),
                        device.orElse(null))
                .update();
    }

    /** The latest sign-ins and failures on an account, newest first. */
    List<PastAttempt> recent(UUID accountId, int limit) {
        return jdbc.sql("""
                        select at, outcome, address, user_agent from login_attempt
                         where account_id = ? order by at desc limit ?""")
                .params(accountId, limit)
                .query((rs, n) -> new PastAttempt(
                        rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("outcome"),
                        rs.getString("address"),
                        rs.getString("user_agent")))
                .list();
    }

    /** Keeps the trail for a school year's worth of questions, not forever. */
    @Scheduled(cron = "0 17 3 * * *")
    void purgeOld() {
        jdbc.sql("delete from login_attempt where at < ?")
                .param(utc(clock.instant().minus(Duration.ofDays(400))))
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
