package org.preau.notifications.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * E-mail preferences: each person sets their own, and only their own (the service takes the signed-in user, never an
 * account id from the request). An address is required to receive mail.
 */
@Component
class Preferences {

    /** Deliberately plain: one @, a dot in the domain, no spaces or angle brackets (RFC 5322 is far wider). */
    private static final Pattern ADDRESS = Pattern.compile("^[^@\\s<>\"(),;:]+@[^@\\s<>\"(),;:]+\\.[^@\\s<>\"(),;:]+$");

    private final JdbcClient jdbc;
    private final Clock clock;

    Preferences(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Preference of(CurrentUser user) {
        return find(user.accountId()).orElseGet(() -> Preference.defaultFor(user.accountId()));
    }

    Optional<Preference> find(UUID accountId) {
        return jdbc.sql("select account_id, email, email_mode, lang from notification_preference where account_id = ?")
                .param(accountId)
                .query((rs, n) -> new Preference(
                        rs.getObject("account_id", UUID.class),
                        Optional.ofNullable(rs.getString("email")),
                        EmailMode.valueOf(rs.getString("email_mode")),
                        rs.getString("lang")))
                .optional();
    }

    /** The preferences of those among {@code accounts} who want mail at once, with their address. */
    Map<UUID, Preference> immediate(Collection<UUID> accounts) {
        var out = new LinkedHashMap<UUID, Preference>();
        if (accounts.isEmpty()) {
            return out;
        }
        jdbc.sql("select account_id, email, lang from notification_preference"
                        + " where account_id = any(?) and email_mode = 'IMMEDIATE'")
                .param(accounts.toArray(UUID[]::new))
                .query((rs, n) -> new Preference(
                        rs.getObject("account_id", UUID.class),
                        Optional.of(rs.getString("email")),
                        EmailMode.IMMEDIATE,
                        rs.getString("lang")))
                .list()
                .forEach(p -> out.put(p.accountId(), p));
        return out;
    }

    /** Everyone who wants a daily digest. */
    List<Preference> digests() {
        return jdbc.sql("select account_id, email, lang from notification_preference where email_mode = 'DIGEST'")
                .query((rs, n) -> new Preference(
                        rs.getObject("account_id", UUID.class),
                        Optional.of(rs.getString("email")),
                        EmailMode.DIGEST,
                        rs.getString("lang")))
                .list();
    }

    Optional<Instant> lastDigest(UUID accountId) {
        return jdbc.sql("select last_digest_at from notification_preference where account_id = ?")
                .param(accountId)
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::toInstant))
                .optional()
                .flatMap(o -> o);
    }

    void digested(UUID accountId, Instant at) {
        jdbc.sql("update notification_preference set last_digest_at = ? where account_id = ?")
                .params(Timestamp.from(at), accountId)
                .update();
    }

    /** Saves the signed-in person's choice; refused field by field, nothing written when refused. */
    @Transactional
    Preference save(CurrentUser user, Optional<EmailMode> mode, String email, String lang) {
        String address = email == null ? "" : email.strip();
        Map<String, String> errors = new LinkedHashMap<>();
        if (mode.isEmpty()) {
            errors.put("envoi", "notifications.prefs.mode.required");
        }
        if (!address.isEmpty()
                && (address.length() > 254 || !ADDRESS.matcher(address).matches())) {
            errors.put("adresse", "notifications.prefs.email.invalid");
        } else if (address.isEmpty() && mode.isPresent() && mode.get() != EmailMode.NEVER) {
            errors.put("adresse", "notifications.prefs.email.required");
        }
        if (!errors.isEmpty()) {
            throw Problem.invalidKeys(errors);
        }
        String language = "en".equals(lang) ? "en" : "fr";
        jdbc.sql("""
                        insert into notification_preference (account_id, email, email_mode, lang, updated_at)
                        values (?, ?, ?, ?, ?)
                        on conflict (account_id) do update
                        set email = excluded.email, email_mode = excluded.email_mode, lang = excluded.lang,
                            updated_at = excluded.updated_at""")
                .params(
                        user.accountId(),
                        address.isEmpty() ? null : address,
                        mode.get().name(),
                        language,
                        Timestamp.from(clock.instant()))
                .update();
        return of(user);
    }
}
