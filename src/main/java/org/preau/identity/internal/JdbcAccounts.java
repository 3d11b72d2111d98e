package org.preau.identity.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.AccountData;
import org.preau.identity.AccountRenamed;
import org.preau.identity.AccountStatus;
import org.preau.identity.AccountView;
import org.preau.identity.Accounts;
import org.preau.identity.Profile;
import org.preau.platform.Ids;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link Accounts} on the {@code account} table. Bulk upserts cost a constant number of statements per batch: one
 * read of the existing accounts, one read of the logins sharing a stem, one JDBC batch of inserts and one of the
 * updates that really change something, so a re-import of the same feed writes nothing.
 */
@Service
@Transactional
public class JdbcAccounts implements Accounts {

    private static final String COLUMNS = "id, login, display_name, given_name, family_name, profile, status, email,"
            + " external_id, password_hash is not null as has_password";

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(
            rs.getObject("id", UUID.class),
            rs.getString("login"),
            rs.getString("display_name"),
            rs.getString("given_name"),
            rs.getString("family_name"),
            Profile.valueOf(rs.getString("profile")),
            AccountStatus.valueOf(rs.getString("status")),
            rs.getString("email"),
            rs.getString("external_id"),
            rs.getBoolean("has_password"));

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Argon2HashingPool hashing;
    private final SessionTerminator sessions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    JdbcAccounts(
            JdbcClient jdbc,
            JdbcTemplate template,
            Argon2HashingPool hashing,
            SessionTerminator sessions,
            ApplicationEventPublisher events,
            Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.hashing = hashing;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
    }

    /** An account row without its password hash. */
    record Row(
            UUID id,
            String login,
            String displayName,
            String givenName,
            String familyName,
            Profile profile,
            AccountStatus status,
            String email,
            String externalId,
            boolean hasPassword) {

        AccountView view() {
            return new AccountView(id, login, displayName, profile, status, Optional.ofNullable(externalId));
        }
    }

    /** What a bulk upsert did, for tests and import reports. */
    record UpsertResult(Map<String, UUID> ids, int inserted, int updated) {}

    @Override
    @Transactional(readOnly = true)
    public Optional<AccountView> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from account where id = ?")
                .param(id)
                .query(ROW)
                .optional()
                .map(Row::view);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<AccountView> findByLogin(String login) {
        return findRowByLogin(login).map(Row::view);
    }

    Optional<Row> findRowByLogin(String login) {
        return jdbc.sql("select " + COLUMNS + " from account where lower(login) = lower(?)")
                .param(login.trim())
                .query(ROW)
                .optional();
    }

    @Override
    @Transactional(readOnly = true)
    public List<AccountView> findAll(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc
                .sql("select " + COLUMNS + " from account where id = any(?::uuid[])")
                .param(uuidArray(ids))
                .query(ROW)
                .list()
                .stream()
                .map(Row::view)
                .toList();
    }

    @Override
    public Map<String, UUID> upsertByExternalId(List<AccountData> accounts) {
        return upsert(accounts).ids();
    }

    UpsertResult upsert(List<AccountData> accounts) {
        // The last occurrence of an external id in one batch wins, as it would over two batches.
        var wanted = new LinkedHashMap<String, AccountData>();
        for (var a : accounts) {
            wanted.put(Objects.requireNonNull(a.externalId(), "externalId"), a);
        }
        if (wanted.isEmpty()) {
            return new UpsertResult(Map.of(), 0, 0);
        }
        var existing = new HashMap<String, Row>();
        jdbc.sql("select " + COLUMNS + " from account where external_id = any(?)")
                .param(wanted.keySet().toArray(String[]::new))
                .query(ROW)
                .list()
                .forEach(r -> existing.put(r.externalId(), r));

        var fresh = wanted.values().stream()
                .filter(a -> !existing.containsKey(a.externalId()))
                .toList();
        var wantedLogins = new LinkedHashMap<String, String>();
        for (var a : fresh) {
            wantedLogins.put(a.externalId(), wantedLogin(a));
        }
        List<String> taken = wantedLogins.isEmpty()
                ? List.of()
                : jdbc.sql(
                                "select lower(login) from account where regexp_replace(lower(login), '[0-9]+$', '') = any(?)")
                        .param(wantedLogins.values().stream()
                                .map(LoginNames::stemOf)
                                .distinct()
                                .toArray(String[]::new))
                        .query(String.class)
                        .list();
        var allocator = new LoginNames.Allocator(taken);

        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        var ids = new LinkedHashMap<String, UUID>();
        var renamed = new ArrayList<AccountRenamed>();
        var inserts = new ArrayList<Object[]>();
        var updates = new ArrayList<Object[]>();
        for (var a : wanted.values()) {
            Row row = existing.get(a.externalId());
            String email = a.email().orElse(null);
            if (row == null) {
                UUID id = Ids.newId();
                ids.put(a.externalId(), id);
                inserts.add(new Object[] {
                    id,
                    allocator.allocate(wantedLogins.get(a.externalId())),
                    a.displayName(),
                    a.givenName(),
                    a.familyName(),
                    a.profile().name(),
                    email,
                    a.externalId(),
                    now,
                    now
                });
            } else {
                ids.put(a.externalId(), row.id());
                boolean same = row.displayName().equals(a.displayName())
                        && Objects.equals(row.givenName(), a.givenName())
                        && Objects.equals(row.familyName(), a.familyName())
                        && row.profile() == a.profile()
                        && Objects.equals(row.email(), email)
                        && row.status() != AccountStatus.DISABLED;
                if (!row.displayName().equals(a.displayName())) {
                    renamed.add(new AccountRenamed(row.id(), row.login(), a.displayName(), now.toInstant()));
                }
                if (!same) {
                    updates.add(new Object[] {
                        a.displayName(),
                        a.givenName(),
                        a.familyName(),
                        a.profile().name(),
                        email,
                        now,
                        row.id(),
                        a.displayName(),
                        a.givenName(),
                        a.familyName(),
                        a.profile().name(),
                        email
                    });
                }
            }
        }
        int inserted = inserts.isEmpty() ? 0 : sum(template.batchUpdate("""
                        insert into account (id, login, display_name, given_name, family_name, profile, status, email,
                                             external_id, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)""", inserts));
        // A person who left and comes back in the feed is enabled again (PENDING until they set a password).
        int updated = updates.isEmpty() ? 0 : sum(template.batchUpdate("""
                        update account
                           set display_name = ?, given_name = ?, family_name = ?, profile = ?, email = ?,
                               status = case when status <> 'DISABLED' then status
                                             when password_hash is null then 'PENDING' else 'ACTIVE' end,
                               updated_at = ?
                         where id = ?
                           and (display_name, given_name, family_name, profile, email, status = 'DISABLED')
                               is distinct from (?, ?, ?, ?, ?, false)""", updates));
        renamed.forEach(events::publishEvent);
        return new UpsertResult(ids, inserted, updated);
    }

    private static String wantedLogin(AccountData a) {
        String given = a.login()
                .map(l -> l.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", ""))
                .orElse("");
        return given.isEmpty() ? LoginNames.stem(a.givenName(), a.familyName()) : given;
    }

    @Override
    public void setPassword(UUID accountId, String rawPassword) {
        storeHash(List.of(accountId), hashing.hash(rawPassword));
    }

    @Override
    public void setSamePassword(Collection<UUID> accountIds, String rawPassword) {
        if (accountIds.isEmpty()) {
            return;
        }
        storeHash(accountIds, hashing.hash(rawPassword));
    }

    /** Stores a hash already computed (activation and password change hash before opening a transaction). */
    void storeHash(Collection<UUID> accountIds, String hash) {
        jdbc.sql("""
                        update account
                           set password_hash = ?, password_changed_at = ?, updated_at = ?,
                               status = case when status = 'DISABLED' then status else 'ACTIVE' end
                         where id = any(?::uuid[])""").params(hash, now(), now(), uuidArray(accountIds)).update();
    }

    /**
     * Replaces a password hash by the same password hashed at newer parameters, only if the stored hash is still
     * {@code verified} (a password changed or reset meanwhile is kept). Not a password change: the date stays.
     */
    boolean replaceHash(UUID accountId, String verified, String upgraded) {
        return jdbc.sql("update account set password_hash = ? where id = ? and password_hash = ?")
                        .params(upgraded, accountId, verified)
                        .update()
                == 1;
    }

    /** An account found by login with its password hash (empty until activated), to verify a log-in. */
    record Credentials(Row row, Optional<String> hash) {}

    /**
     * One statement, so no transaction of its own (a caller's is joined): a log-in paid a BEGIN READ ONLY and a
     * COMMIT round trip for it.
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.SUPPORTS)
    public Optional<Credentials> credentials(String login) {
        return jdbc.sql("select " + COLUMNS + ", password_hash from account where lower(login) = lower(?)")
                .param(login.trim())
                .query((rs, n) ->
                        new Credentials(ROW.mapRow(rs, n), Optional.ofNullable(rs.getString("password_hash"))))
                .optional();
    }

    /** The stored hash of an account, to verify a password. */
    Optional<String> passwordHash(UUID accountId) {
        return jdbc.sql("select password_hash from account where id = ?")
                .param(accountId)
                .query(String.class)
                .optional();
    }

    @Override
    public void changeLogin(UUID accountId, String newLogin) {
        String login = newLogin.trim();
        if (login.isEmpty()) {
            throw new IllegalArgumentException("empty login");
        }
        jdbc.sql("""
                        update account set login = ?, updated_at = ?
                         where id = ? and login is distinct from ? returning display_name""")
                .params(login, now(), accountId, login)
                .query(String.class)
                .optional()
                .ifPresent(displayName ->
                        events.publishEvent(new AccountRenamed(accountId, login, displayName, clock.instant())));
    }

    @Override
    public void disable(Collection<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return;
        }
        jdbc.sql(
                        "update account set status = 'DISABLED', updated_at = ? where id = any(?::uuid[]) and status <> 'DISABLED'")
                .params(now(), uuidArray(accountIds))
                .update();
        sessions.endAll(accountIds);
    }

    /** Clears the password of an account, which must then be activated again with a new code. */
    void clearPassword(UUID accountId) {
        jdbc.sql("""
                        update account
                           set password_hash = null, updated_at = ?,
                               status = case when status = 'DISABLED' then status else 'PENDING' end
                         where id = ?""").params(now(), accountId).update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String[] uuidArray(Collection<UUID> ids) {
        return ids.stream().map(UUID::toString).toArray(String[]::new);
    }

    private static int sum(int[] counts) {
        int total = 0;
        for (int c : counts) {
            // The driver may answer SUCCESS_NO_INFO (-2) for batched statements; count only known rows.
            total += Math.max(0, c);
        }
        return total;
    }
}
