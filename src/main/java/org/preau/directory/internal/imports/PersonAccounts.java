package org.preau.directory.internal.imports;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.preau.directory.internal.imports.Entry.PersonEntry;
import org.preau.identity.AccountData;
import org.preau.identity.AccountStatus;
import org.preau.identity.AccountView;
import org.preau.identity.Accounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The people of a file matched to their accounts: an external id (the feed's join key, the CSV's id) is kept with
 * its account id in {@code import_person_key}; accounts themselves are identity's, created, renamed and disabled
 * only through its {@link Accounts} API, in the import's transaction.
 */
final class PersonAccounts {

    /** A batch of people written: who existed before, everyone's account id, and whose account changed. */
    record Written(Map<String, UUID> before, Map<String, UUID> ids, boolean[] changed) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate jt;
    private final Accounts accounts;
    private final ErrorList errors;

    PersonAccounts(JdbcClient jdbc, JdbcTemplate jt, Accounts accounts, ErrorList errors) {
        this.jdbc = jdbc;
        this.jt = jt;
        this.accounts = accounts;
        this.errors = errors;
    }

    /** Account ids of these external ids, from the keys written by earlier imports and this one. */
    Map<String, UUID> keys(Set<String> externalIds) {
        var result = new HashMap<String, UUID>();
        if (externalIds.isEmpty()) {
            return result;
        }
        jdbc.sql("select external_id, account_id from import_person_key where external_id = any(?)")
                .param(externalIds.toArray(String[]::new))
                .query(rs -> {
                    result.put(rs.getString(1), rs.getObject(2, UUID.class));
                });
        return result;
    }

    /**
     * Creates or updates the accounts of a batch and records the keys of new people. A person without names (a
     * {@code modifyRequest} of other attributes) must exist already. Empty when the file has errors: then nothing
     * is written.
     */
    Optional<Written> upsert(List<PersonEntry> batch) {
        var before = keys(batch.stream().map(PersonEntry::id).collect(Collectors.toSet()));
        Map<UUID, AccountView> views = new HashMap<>();
        if (!before.isEmpty()) {
            for (var v : accounts.findAll(before.values())) {
                views.put(v.id(), v);
            }
        }
        var data = new ArrayList<AccountData>();
        boolean[] changed = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            var p = batch.get(i);
            UUID existing = before.get(p.id());
            if (p.hasNames()) {
                var d = new AccountData(
                        p.id(),
                        Optional.ofNullable(p.login()),
                        p.givenName(),
                        p.familyName(),
                        p.profile(),
                        Optional.ofNullable(p.email()));
                data.add(d);
                var view = existing == null ? null : views.get(existing);
                if (view != null && (!view.displayName().equals(d.displayName()) || view.profile() != d.profile())) {
                    changed[i] = true;
                }
            } else if (existing == null) {
                errors.add(p.line(), "id", "imports.error.unknown.person", p.id());
            }
        }
        if (errors.any()) {
            return Optional.empty();
        }
        Map<String, UUID> ids = new HashMap<>(before);
        if (!data.isEmpty()) {
            ids.putAll(accounts.upsertByExternalId(data));
        }
        var newKeys = new ArrayList<Object[]>();
        for (var p : batch) {
            if (!before.containsKey(p.id())) {
                newKeys.add(new Object[] {p.id(), ids.get(p.id())});
            }
        }
        if (!newKeys.isEmpty()) {
            jt.batchUpdate(
                    "insert into import_person_key (external_id, account_id) values (?, ?) on conflict do nothing",
                    newKeys);
        }
        return Optional.of(new Written(before, ids, changed));
    }

    /** Disables those of these accounts that are not yet (their sessions end); returns how many it disabled. */
    int disable(Collection<UUID> ids) {
        var active = new HashSet<UUID>();
        for (var v : accounts.findAll(ids)) {
            if (v.status() != AccountStatus.DISABLED) {
                active.add(v.id());
            }
        }
        if (!active.isEmpty()) {
            accounts.disable(active);
        }
        return active.size();
    }
}
