package org.preau.identity.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.preau.identity.AccountView;
import org.preau.identity.ActivationCodes;
import org.preau.identity.IssuedCode;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** {@link ActivationCodes} on the {@code activation_code} table, plus the checks the activation page needs. */
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

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JdbcAccounts accounts;
    private final ActivationCodeHasher hasher;
    private final SessionTerminator sessions;
    private final IdentityProperties properties;
    private final Clock clock;

    JdbcActivationCodes(
            JdbcClient jdbc,
            JdbcTemplate template,
            JdbcAccounts accounts,
            ActivationCodeHasher hasher,
            SessionTerminator sessions,
            IdentityProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.accounts = accounts;
        this.hasher = hasher;
        this.sessions = sessions;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public List<IssuedCode> issue(Collection<UUID> accountIds, UUID issuedBy) {
        var ordered = new LinkedHashSet<>(accountIds);
        if (ordered.isEmpty()) {
            return List.of();
        }
        var found = new HashMap<UUID, AccountView>();
        accounts.findAll(ordered).forEach(a -> found.put(a.id(), a));
        var missing = ordered.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Unknown accounts: " + missing);
        }
        Instant now = clock.instant();
        Instant expires = now.plus(properties.codeValidity());
        jdbc.sql("""
                        update activation_code set revoked_at = ?
                         where account_id = any(?::uuid[]) and used_at is null and revoked_at is null""").params(utc(now), JdbcAccounts.uuidArray(ordered)).update();
        var issued = new ArrayList<IssuedCode>();
        var rows = new ArrayList<Object[]>();
        for (UUID id : ordered) {
            var account = found.get(id);
            String code = hasher.newCode();
            rows.add(new Object[] {Ids.newId(), id, hasher.hash(id, code), issuedBy, utc(now), utc(expires)});
            issued.add(new IssuedCode(id, account.login(), account.displayName(), code, expires));
        }
        template.batchUpdate("""
                insert into activation_code (id, account_id, code_hash, issued_by, issued_at, expires_at)
                values (?, ?, ?, ?, ?, ?)""", rows);
        return issued;
    }

    @Override
    public IssuedCode resetPassword(UUID accountId, UUID issuedBy) {
        accounts.clearPassword(accountId);
        sessions.endAll(List.of(accountId));
        return issue(List.of(accountId), issuedBy).getFirst();
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
