package org.preau.directory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.preau.directory.CommunicationPolicy;
import org.preau.directory.CommunicationPolicy.Pair;
import org.preau.directory.CommunicationRules;
import org.preau.directory.CommunicationSettings;
import org.preau.directory.DirectoryChanged;
import org.preau.directory.Person;
import org.preau.directory.Reach;
import org.preau.directory.RecipientGroup;
import org.preau.directory.Role;
import org.preau.platform.audit.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link CommunicationRules} and their per-school settings. The rules' answers are cached per sender: "may write"
 * per (sender, recipient), because messaging asks once per recipient of every message, and the groups a sender is
 * offered and the members of each, because one message sent to a class asks for them again and again (the search
 * lists the groups; saving and then sending the draft each resolve its targets, and each group's members are checked
 * against the groups offered): seven queries on the rights CTE ({@link RecipientQueries}, ~1.5 ms of PostgreSQL
 * each), three now. On the attack morning of 2026-12-04 they were most of the statements cancelled after 1.5 s
 * while PostgreSQL waited for the core (the cause, and its remedy: docs/adr/0093); fewer statements are fewer
 * exposed to that. Any directory change drops them all, on every node ({@link DirectoryChangeRelay}); a load that
 * overlaps a change is not kept (see {@link #cached}). The search by name is not cached: it depends on what is typed.
 */
@Service
class CommunicationRulesService implements CommunicationRules, CommunicationSettings {

    /** A search never returns more than this, whatever the caller asks. */
    static final int MAX_RESULTS = 50;

    private final RecipientQueries recipients;
    private final NameIndex names;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Cache<Pair2, Boolean> mayWrite = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(CachingDirectory.TTL)
            .build();
    private final Cache<UUID, List<RecipientGroup>> groups = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(CachingDirectory.TTL)
            .build();
    /**
     * Members per (sender, group key), weighed by the people they hold: a head's "parents of the school" can be
     * thousands. {@link #MEMBERS_HELD} people at ~150 bytes each bound it to a few tens of MB; they are kept briefly
     * because they serve one message being written and sent, not every page.
     */
    private final Cache<GroupOf, List<Person>> members = Caffeine.newBuilder()
            .maximumWeight(MEMBERS_HELD)
            .weigher((GroupOf k, List<Person> v) -> 1 + v.size())
            .expireAfterWrite(MEMBERS_TTL)
            .build();

    /** Bumped before every invalidation, so that a load which overlapped one is not kept. */
    private final AtomicLong generation = new AtomicLong();

    static final long MEMBERS_HELD = 200_000;
    static final Duration MEMBERS_TTL = Duration.ofMinutes(10);

    private record Pair2(UUID from, UUID to) {}

    private record GroupOf(UUID from, String groupKey) {}

    CommunicationRulesService(
            RecipientQueries recipients,
            NameIndex names,
            JdbcClient jdbc,
            ApplicationEventPublisher events,
            Clock clock) {
        this.recipients = recipients;
        this.names = names;
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    void invalidateAll() {
        generation.incrementAndGet();
        mayWrite.invalidateAll();
        groups.invalidateAll();
        members.invalidateAll();
    }

    /**
     * The cached answer, or a fresh one that is kept only if no invalidation overlapped its load: a load that read
     * the directory before a change committed must not outlive the change (Caffeine's own {@code get} would keep it
     * when the invalidation runs while it loads). The generation is bumped before the caches are cleared, so the check
     * after the {@code put} sees any invalidation that the clearing could have missed.
     */
    private <K, V> V cached(Cache<K, V> cache, K key, Supplier<V> load) {
        V hit = cache.getIfPresent(key);
        if (hit != null) {
            return hit;
        }
        long seen = generation.get();
        V value = load.get();
        cache.put(key, value);
        if (generation.get() != seen) {
            cache.invalidate(key);
        }
        return value;
    }

    @Override
    public boolean mayWrite(UUID from, UUID to) {
        if (from.equals(to)) {
            return false;
        }
        return cached(mayWrite, new Pair2(from, to), () -> recipients.mayWrite(from, to));
    }

    @Override
    public boolean mayReply(UUID from, UUID to, boolean toWroteFirst) {
        return toWroteFirst || mayWrite(from, to);
    }

    @Override
    public List<Person> searchRecipients(UUID from, String query, int limit) {
        int bounded = Math.clamp(limit, 0, MAX_RESULTS);
        if (bounded == 0) {
            return List.of();
        }
        names.ensureSchoolsOf(from);
        return recipients.search(from, query == null ? "" : query, bounded);
    }

    @Override
    public List<RecipientGroup> recipientGroups(UUID from) {
        return cached(groups, from, () -> List.copyOf(recipients.groups(from)));
    }

    @Override
    public List<Person> membersOf(UUID from, RecipientGroup group) {
        // Only a group the sender is offered: a guessed key of another school or class gives nobody.
        var offered = recipientGroups(from).stream()
                .filter(g -> g.key().equals(group.key()))
                .findFirst();
        if (offered.isEmpty()) {
            return List.of();
        }
        return cached(members, new GroupOf(from, group.key()), () -> {
            names.ensureSchoolsOf(from);
            return List.copyOf(recipients.members(from, offered.get()));
        });
    }

    @Override
    public CommunicationPolicy policyOf(UUID schoolId) {
        var reach = new HashMap<>(CommunicationDefaults.REACH);
        var overridden = new HashMap<Pair, Boolean>();
        jdbc.sql("select from_role, to_role, reach from communication_rule where school_id = ?")
                .param(schoolId)
                .query(rs -> {
                    var pair = new Pair(Role.valueOf(rs.getString("from_role")), Role.valueOf(rs.getString("to_role")));
                    reach.put(pair, Reach.valueOf(rs.getString("reach")));
                    overridden.put(pair, true);
                });
        return new CommunicationPolicy(schoolId, Map.copyOf(reach), Map.copyOf(overridden));
    }

    @Override
    @Transactional
    public void update(UUID schoolId, Map<Pair, Reach> changes, UUID updatedBy) {
        var now = Timestamp.from(clock.instant());
        var before = policyOf(schoolId);
        changes.forEach((pair, reach) -> {
            if (reach == CommunicationDefaults.REACH.get(pair)) {
                jdbc.sql("delete from communication_rule where school_id = ? and from_role = ? and to_role = ?")
                        .params(schoolId, pair.from().name(), pair.to().name())
                        .update();
            } else {
                jdbc.sql("""
                                insert into communication_rule (school_id, from_role, to_role, reach, updated_by, updated_at)
                                values (?, ?, ?, ?, ?, ?)
                                on conflict (school_id, from_role, to_role)
                                do update set reach = excluded.reach, updated_by = excluded.updated_by,
                                              updated_at = excluded.updated_at""")
                        .params(schoolId, pair.from().name(), pair.to().name(), reach.name(), updatedBy, now)
                        .update();
            }
        });
        events.publishEvent(DirectoryChanged.of(schoolId));
        // Audited inside the same transaction: the log has the change if and only if it was made.
        var changed = new StringBuilder();
        for (Role from : Role.values()) {
            for (Role to : Role.values()) {
                var pair = new Pair(from, to);
                Reach next = changes.get(pair);
                if (next != null && next != before.reach(from, to)) {
                    changed.append(changed.isEmpty() ? "" : "; ")
                            .append(from)
                            .append(" → ")
                            .append(to)
                            .append(": ")
                            .append(before.reach(from, to))
                            .append(" → ")
                            .append(next);
                }
            }
        }
        if (!changed.isEmpty()) {
            events.publishEvent(AuditEvent.of(RULES_CHANGED, updatedBy, clock)
                    .school(schoolId)
                    .with("changes", changed));
        }
    }

    /** Audit action code (label {@code audit.directory.communication-rules} in directory's bundle). */
    static final String RULES_CHANGED = "directory.communication-rules";
}
