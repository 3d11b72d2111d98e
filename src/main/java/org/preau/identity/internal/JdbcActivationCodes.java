package org.preau.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.AccountView;
import org.preau.identity.ActivationCodes;
import org.preau.identity.IssuedCode;
import org.preau.platform.Ids;
import org.preau.platform.audit.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link ActivationCodes} on the {@code activation_code} table, plus the checks the activation page needs and the
 * resets the profile page shows. Resets are read from this table (purpose RESET, issuer, time) rather than from the
 * admin module's audit log: identity owns the fact and shows it to the owner without depending on the admin module
 * (which depends on identity), and the owner sees it as soon as the reset committed, not when the log's listener ran.
 */
@Service
@Transactional
public class JdbcActivationCodes implements ActivationCodes {

    /** What a typed code turned out to be. */
    enum Check {
        VALID,
        WRONG,
        EXPIRED,
        USED
    }

    /** The outcome of checking a code, with the code's id when valid. */
    record Checked(Check check, UUID codeId) {}

    /** Why a code was issued (column {@code purpose}). */
    enum Purpose {
        ACTIVATION,
        RESET
    }

    /** A reset of someone's password: when, and by whom (absent when issued by tooling). */
    public record Reset(Instant at, Optional<String> by) {}

    /** Audit action codes (labels {@code audit.<code>} in identity's bundle). */
    static final String BATCH = "identity.activation-codes";

    static final String RESET = "identity.password-reset";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JdbcAccounts accounts;
    private final ActivationCodeHasher hasher;
    private final SessionTerminator sessions;
    private final IdentityProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    JdbcActivationCodes(
            JdbcClient jdbc,
            JdbcTemplate template,
            JdbcAccounts accounts,
            ActivationCodeHasher hasher,
            SessionTerminator sessions,
            IdentityProperties properties,
            Clock clock,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.template = template;
        this.accounts = accounts;
        this.hasher = hasher;
        this.sessions = sessions;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    @Override
    public List<IssuedCode> issue(
            Collection<UUID> accountIds, UUID issuedBy, Optional<UUID> schoolId, Map<String, String> detail) {
        var ordered = new LinkedHashSet<>(accountIds);
        if (ordered.isEmpty()) {
            return List.of();
        }
        var found = found(ordered);
        // Locked, so that an activation finishing meanwhile cannot slip between this check and the new code.
        var pending = new HashSet<>(jdbc.sql("""
                        select id from account where id = any(?::uuid[]) and status = 'PENDING' for update""")
                .param(JdbcAccounts.uuidArray(ordered))
                .query(UUID.class)
                .list());
        var chosen = ordered.stream().filter(pending::contains).toList();
        var issued = insert(chosen, found, Purpose.ACTIVATION, issuedBy);
        if (issuedBy != null && !issued.isEmpty()) {
            var event = AuditEvent.of(BATCH, issuedBy, clock).school(schoolId);
            for (var d : detail.entrySet()) {
                event = event.with(d.getKey(), d.getValue());
            }
            events.publishEvent(event.with("codes", issued.size()).with("inUse", ordered.size() - issued.size()));
        }
        return issued;
    }

    @Override
    public IssuedCode resetPassword(UUID accountId, UUID issuedBy, Optional<UUID> schoolId) {
        var found = found(List.of(accountId));
        accounts.clearPassword(accountId);
        sessions.endAll(List.of(accountId));
        var code = insert(List.of(accountId), found, Purpose.RESET, issuedBy).getFirst();
        if (issuedBy != null) {
            events.publishEvent(
                    AuditEvent.of(RESET, issuedBy, clock).school(schoolId).target(accountId));
        }
        return code;
    }

    /** The account's latest password resets, newest first, with the name of who did each. */
    @Transactional(readOnly = true)
    public List<Reset> resetsOf(UUID accountId, int limit) {
        return jdbc.sql("""
                        select c.issued_at, a.display_name
                          from activation_code c left join account a on a.id = c.issued_by
                         where c.account_id = ? and c.purpose = 'RESET'
                         order by c.issued_at desc limit ?""")
                .params(accountId, limit)
                .query((rs, n) -> new Reset(
                        rs.getObject("issued_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getString("display_name"))))
                .list();
    }

    private Map<UUID, AccountView> found(Collection<UUID> ids) {
        var found = new HashMap<UUID, AccountView>();
        accounts.findAll(ids).forEach(a -> found.put(a.id(), a));
        var missing = ids.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Unknown accounts: " + missing);
        }
        return found;
    }

    /** New codes for these accounts, revoking their earlier unused ones. */
    private List<IssuedCode> insert(List<UUID> ids, Map<UUID, AccountView> found, Purpose purpose, UUID issuedBy) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Instant expires = now.plus(properties.codeValidity());
        jdbc.sql("""
                        update activation_code set revoked_at = ?
                         where account_id = any(?::uuid[]) and used_at is null and revoked_at is null""").params(utc(now), JdbcAccounts.uuidArray(ids)).update();
        var issued = new ArrayList<IssuedCode>();
        var rows = new ArrayList<Object[]>();
        for (UUID id : ids) {
            var account = found.get(id);
            String code = hasher.newCode();
            rows.add(new Object[] {
                Ids.newId(), id, hasher.hash(id, code), issuedBy, utc(now), utc(expires), purpose.name()
            });
            issued.add(new IssuedCode(id, account.login(), account.displayName(), code, expires));
        }
        template.batchUpdate("""
                insert into activation_code (id, account_id, code_hash, issued_by, issued_at, expires_at, purpose)
                values (?, ?, ?, ?, ?, ?, ?)""", rows);
        return issued;
    }

    /** Tells whether {@code code} is a valid, expired, used or wrong code for the account. */
    @Transactional(readOnly = true)
    public Checked check(UUID accountId, String code) {
        byte[] hash = hasher.hash(accountId, code);
        Instant now = clock.instant();
        var rows = jdbc.sql("""
                        select id, code_hash, expires_at, used_at, revoked_at
                          from activation_code where account_id = ? order by issued_at desc""")
                .param(accountId)
                .query((rs, n) -> {
                    if (!Arrays.equals(rs.getBytes("code_hash"), hash)) {
                        return null;
                    }
                    if (rs.getObject("used_at") != null) {
                        return new Checked(Check.USED, null);
                    }
                    if (rs.getObject("revoked_at") != null) {
                        // Replaced by a newer code: for the user it is simply not the right code any more.
                        return new Checked(Check.WRONG, null);
                    }
                    if (!rs.getObject("expires_at", OffsetDateTime.class)
                            .toInstant()
                            .isAfter(now)) {
                        return new Checked(Check.EXPIRED, null);
                    }
                    return new Checked(Check.VALID, rs.getObject("id", UUID.class));
                })
                .list();
        return rows.stream().filter(java.util.Objects::nonNull).findFirst().orElse(new Checked(Check.WRONG, null));
    }

    /** Marks a code used; false if someone used it meanwhile (two tabs, two people). */
    boolean markUsed(UUID codeId) {
        return jdbc.sql("update activation_code set used_at = ? where id = ? and used_at is null")
                        .params(utc(clock.instant()), codeId)
                        .update()
                == 1;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
