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
 * The audit trail of log-ins and activations, and the failed-attempt counters derived from it. Counting in
 * PostgreSQL means every node refuses the same login at the same time.
 *
 * <p>Per login string: after {@code loginFailures} counted failures in the window (since the last success), each
 * further attempt waits {@code firstDelay}, doubling per failure up to {@code maxDelay}, counted from the last
 * failure. The key is what was typed, normalised, whether or not such an account exists, so the refusal reveals
 * nothing. Per source address: {@code addressFailures} counted failures in the window refuse that address until
 * the oldest of them leaves the window.
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

    /** Who is refused and for how long. */
    record Refusal(boolean byAddress, Duration delay) {}

    private final JdbcClient jdbc;
    private final IdentityProperties.Throttle limits;
    private final Clock clock;

    LoginAttempts(JdbcClient jdbc, IdentityProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.limits = properties.throttle();
        this.clock = clock;
    }

    static String key(String login) {
        return login == null ? "" : login.trim().toLowerCase(Locale.ROOT);
    }

    /** Whether an attempt for this login from this address must be refused now, and for how long. */
    Optional<Refusal> refusal(String login, String address) {
        Instant now = clock.instant();
        Instant since = now.minus(limits.window());
        var addressEdge = jdbc.sql("""
                        select at from login_attempt
                         where address = ? and counts and at > ?
                         order by at desc offset ? limit 1""")
                .params(address, utc(since), limits.addressFailures() - 1)
                .query(OffsetDateTime.class)
                .optional();
        if (addressEdge.isPresent()) {
            Duration wait = Duration.between(now, addressEdge.get().toInstant().plus(limits.window()));
            return Optional.of(new Refusal(true, atLeastOneSecond(wait)));
        }
        var failures = jdbc.sql("""
                        select count(*) as n, max(at) as last from login_attempt
                         where login_key = ? and counts and at > ?
                           and at > coalesce((select max(at) from login_attempt
                                               where login_key = ? and outcome = 'SUCCESS'), '-infinity')""")
                .params(key(login), utc(since), key(login))
                .query((rs, n) -> new Object[] {rs.getInt("n"), rs.getObject("last", OffsetDateTime.class)})
                .single();
        int count = (Integer) failures[0];
        if (count < limits.loginFailures()) {
            return Optional.empty();
        }
        Duration delay = delayAfter(count);
        Instant until = ((OffsetDateTime) failures[1]).toInstant().plus(delay);
        if (until.isAfter(now)) {
            return Optional.of(new Refusal(false, atLeastOneSecond(Duration.between(now, until))));
        }
        return Optional.empty();
    }

    /** {@code firstDelay} at the threshold, doubling with each failure beyond it, at most {@code maxDelay}. */
    Duration delayAfter(int failures) {
        int doublings = Math.min(20, failures - limits.loginFailures());
        Duration d = limits.firstDelay().multipliedBy(1L << doublings);
        return d.compareTo(limits.maxDelay()) > 0 ? limits.maxDelay() : d;
    }

    void record(
            Kind kind,
            Optional<UUID> accountId,
            String login,
            Outcome outcome,
            String address,
            Optional<String> userAgent) {
        String tried = login == null ? "" : login.trim();
        if (tried.length() > 100) {
            tried = tried.substring(0, 100);
        }
        jdbc.sql("""
                        insert into login_attempt (id, kind, account_id, login_tried, login_key, outcome, counts, at,
                                                   address, user_agent)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
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
                                .orElse(null))
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

    private static Duration atLeastOneSecond(Duration d) {
        long seconds = (d.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
