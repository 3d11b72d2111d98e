package org.preau.directory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.preau.identity.AccountView;
import org.preau.identity.Accounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps {@code directory_person}, the directory's copy of the names it lists and searches, in step with identity.
 * Names come only through identity's public API ({@link Accounts#findAll}, one batched call); the directory never
 * reads identity's tables. A person without an entry is filled in the first time a list of their school is read;
 * {@link #refreshSchool} re-reads every name of a school after an import.
 *
 * <p>Whether a school has a name for everyone is checked once per node and remembered (docs/adr/0086): the check
 * reads the whole school (its members and their parents, against the copies of names), and it used to run on every
 * recipient search, every group's member list of a message being sent and every list of a class's pupils. Every
 * change of the directory writes the school's names in its own transaction ({@link DirectoryChangeRelay}) and makes
 * every node {@link #forget} what it checked; {@link #CHECKED_FOR} bounds what a lost signal could leave unchecked.
 */
@Component
class NameIndex {

    private static final Logger log = LoggerFactory.getLogger(NameIndex.class);
    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ObjectProvider<Accounts> accounts;
    private final Clock clock;

    static final Duration CHECKED_FOR = Duration.ofMinutes(10);
    /** Schools found with a name for everyone on this node. */
    private final Cache<UUID, Boolean> complete = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(CHECKED_FOR)
            .build();
    /** The schools of a person (a member, or a parent of a pupil there), as the last check found them. */
    private final Cache<UUID, List<UUID>> schoolsOf = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(CHECKED_FOR)
            .build();

    NameIndex(JdbcClient jdbc, JdbcTemplate template, ObjectProvider<Accounts> accounts, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * Fills in the names missing for people of this school: no query once this node found the school complete,
     * one when none is missing. The school is remembered as complete only when the check found nothing missing, and
     * only once the caller's transaction has committed: inside a transaction the check also sees the names that same
     * transaction filled in, which another node or thread cannot see yet and which a rollback would take back.
     */
    void ensureSchool(UUID schoolId) {
        if (complete.getIfPresent(schoolId) != null) {
            return;
        }
        List<UUID> missing = jdbc.sql("""
                        select distinct sp.account_id from school_person sp
                        left join directory_person p on p.account_id = sp.account_id
                        where sp.school_id = ? and p.account_id is null""").param(schoolId).query(UUID.class).list();
        if (missing.isEmpty()) {
            rememberComplete(schoolId);
        } else {
            fill(missing);
        }
    }

    private void rememberComplete(UUID schoolId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    complete.put(schoolId, Boolean.TRUE);
                }
            });
        } else {
            complete.put(schoolId, Boolean.TRUE);
        }
    }

    /** Fills in the names missing for people of every school {@code accountId} belongs to. */
    void ensureSchoolsOf(UUID accountId) {
        List<UUID> schools = schoolsOf.get(
                accountId,
                id -> List.copyOf(jdbc.sql("select distinct school_id from school_person where account_id = ?")
                        .param(id)
                        .query(UUID.class)
                        .list()));
        schools.forEach(this::ensureSchool);
    }

    /** Forgets which schools were found complete (the directory changed, on this node or another). */
    void forget() {
        complete.invalidateAll();
        schoolsOf.invalidateAll();
    }

    /** Fills in the names missing among these accounts. */
    void ensure(Collection<UUID> accountIds) {
        if (accountIds.isEmpty()) {
            return;
        }
        var missing = new ArrayList<>(accountIds);
        // Named collection parameters expand to "in (?, ?, ...)".
        var known = jdbc.sql("select account_id from directory_person where account_id in (:ids)")
                .param("ids", List.copyOf(accountIds))
                .query(UUID.class)
                .list();
        missing.removeAll(known);
        fill(missing);
    }

    /** Re-reads every name of the school from identity (after an import: names may have changed). */
    void refreshSchool(UUID schoolId) {
        fill(jdbc.sql("select distinct account_id from school_person where school_id = ?")
                .param(schoolId)
                .query(UUID.class)
                .list());
    }

    /**
     * Updates the copy of one person's names, if the directory has it (people not copied yet are filled in when
     * first listed, from identity). Whether a row changed.
     */
    boolean rename(UUID accountId, String login, String displayName) {
        return jdbc.sql("""
                                update directory_person
                                   set login = ?, display_name = ?, search_key = ?, sort_key = ?, refreshed_at = ?
                                 where account_id = ? and (login, display_name) is distinct from (?, ?)""")
                        .params(
                                login,
                                displayName,
                                SearchText.fold(displayName + " " + login),
                                SearchText.fold(displayName),
                                Timestamp.from(clock.instant()),
                                accountId,
                                login,
                                displayName)
                        .update()
                > 0;
    }

    private void fill(List<UUID> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Accounts source = accounts.getIfAvailable();
        if (source == null) {
            log.warn("No identity Accounts service: {} names cannot be filled in", ids.size());
            return;
        }
        var now = Timestamp.from(clock.instant());
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<AccountView> views = source.findAll(ids.subList(from, Math.min(ids.size(), from + BATCH)));
            template.batchUpdate("""
                    insert into directory_person (account_id, login, display_name, search_key, sort_key, refreshed_at)
                    values (?, ?, ?, ?, ?, ?)
                    on conflict (account_id) do update
                    set login = excluded.login, display_name = excluded.display_name,
                        search_key = excluded.search_key, sort_key = excluded.sort_key,
                        refreshed_at = excluded.refreshed_at
                    where (directory_person.login, directory_person.display_name)
                          is distinct from (excluded.login, excluded.display_name)""", views, BATCH, (ps, v) -> {
                ps.setObject(1, v.id());
                ps.setString(2, v.login());
                ps.setString(3, v.displayName());
                ps.setString(4, SearchText.fold(v.displayName() + " " + v.login()));
                ps.setString(5, SearchText.fold(v.displayName()));
                ps.setTimestamp(6, now);
            });
        }
    }
}
