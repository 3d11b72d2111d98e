package org.preau.identity.internal.sessions;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.preau.platform.ClusterBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Signed-in requests without the database: Spring Session JDBC stays the record (any node serves any user, sessions
 * survive restarts, devices are listed and revoked), but every node keeps the sessions it served in memory, so a
 * signed-in page costs no session read and no session write (ADR 0024).
 *
 * <ul>
 *   <li>A session read once is served from memory; it is re-read at most every {@link #REFRESH} as a safety net.
 *   <li>Its last-access time is written at most once per {@link #WRITE_LAST_ACCESS_EVERY}, off the request path, in
 *       one batched statement per few seconds ({@link #flushLastAccess}); a stalled database never slows a page.
 *   <li>Attribute changes (log-in, "stay signed in", a new session id) go to the database at once, as before.
 *   <li>Ending a session (log-out, a revoked device, a password reset, a disabled account) is told to every node
 *       through the {@link ClusterBus}: they drop it within the bus's delay (milliseconds) and remember it as ended,
 *       so a request carrying an ended session is refused from memory too.
 * </ul>
 */
public class CachingSessionRepository
        implements FindByIndexNameSessionRepository<Session>, org.springframework.beans.factory.DisposableBean {

    static final String TOPIC = "identity.session";
    static final Duration REFRESH = Duration.ofMinutes(5);
    static final Duration WRITE_LAST_ACCESS_EVERY = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(CachingSessionRepository.class);

    /** What this node knows of one session. */
    record Known(MapSession session, Instant persistedLastAccess, Instant loadedAt) {}

    private final JdbcIndexedSessionRepository jdbc;
    private final JdbcClient sql;
    private final ClusterBus bus;
    private final Clock clock;
    private final Cache<String, Known> known = Caffeine.newBuilder()
            .maximumSize(500_000)
            .expireAfterAccess(Duration.ofHours(2))
            .build();
    /** Session ids that ended (or never existed): answered "no session" without a query. */
    private final Cache<String, Boolean> ended = Caffeine.newBuilder()
            .maximumSize(500_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();

    private final Map<String, Instant> pendingLastAccess = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.Consumer<org.preau.identity.LiveSessions.Ended>> endListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    final LongAdder reads = new LongAdder();
    final LongAdder hits = new LongAdder();

    public CachingSessionRepository(JdbcIndexedSessionRepository jdbc, JdbcClient sql, ClusterBus bus, Clock clock) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.bus = bus;
        this.clock = clock;
        bus.subscribe(TOPIC, this::onSignal);
    }

    @Override
    public Session createSession() {
        return new CachedSession(jdbc.createSession());
    }

    @Override
    public Session findById(String id) {
        if (id == null || ended.getIfPresent(id) != null) {
            return null;
        }
        Instant now = clock.instant();
        Known k = known.getIfPresent(id);
        if (k != null && k.loadedAt().plus(REFRESH).isAfter(now)) {
            hits.increment();
        } else {
            k = load(id, k, now);
            if (k == null) {
                return null;
            }
        }
        if (k.session().isExpired()) {
            known.invalidate(id);
            return null;
        }
        return new CachedSession(id, new MapSession(k.session()), this::live);
    }

    /**
     * What this node holds of a session, without reading the database: present when the session is in memory and
     * fresh; {@code ended} when it is known to be over.
     */
    Optional<MapSession> peek(String id) {
        Known k = known.getIfPresent(id);
        if (k == null || k.session().isExpired() || !k.loadedAt().plus(REFRESH).isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(k.session());
    }

    boolean ended(String id) {
        return ended.getIfPresent(id) != null;
    }

    /** Reads the session from the database; on failure keeps serving what this node had (degraded mode). */
    private Known load(String id, Known previous, Instant now) {
        reads.increment();
        Session stored;
        try {
            stored = jdbc.findById(id);
        } catch (RuntimeException e) {
            if (previous != null) {
                log.debug("Session {} not re-read ({}); serving the copy in memory", id, e.getMessage());
                return previous;
            }
            throw e;
        }
        if (stored == null) {
            known.invalidate(id);
            ended.put(id, Boolean.TRUE);
            return null;
        }
        var copy = new Known(new MapSession(stored), stored.getLastAccessedTime(), now);
        if (previous != null
                && previous.session()
                        .getLastAccessedTime()
                        .isAfter(copy.session().getLastAccessedTime())) {
            copy.session().setLastAccessedTime(previous.session().getLastAccessedTime());
        }
        known.put(id, copy);
        return copy;
    }

    private Session live(String id) {
        return jdbc.findById(id);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void save(Session session) {
        var s = (CachedSession) session;
        Instant now = clock.instant();
        if (s.live() != null) {
            // A new session, or one whose attributes, lifetime or id changed: written through, as Spring Session does.
            Session live = s.live();
            // Only when it moved: Spring Session marks the row changed on every call, and its filter saves twice when
            // a response is committed early (a log-in's redirect), which was one more UPDATE and commit per log-in.
            if (!live.getLastAccessedTime().equals(s.getLastAccessedTime())) {
                live.setLastAccessedTime(s.getLastAccessedTime());
            }
            try {
                ((SessionRepository) jdbc).save(live);
            } catch (org.springframework.dao.DuplicateKeyException e) {
                if (s.originalId().isPresent()) {
                    throw e;
                }
                // A session created by this request whose first insert committed but whose answer was lost (the
                // commit's socket timed out on a saturated core), saved again when the request ends: its row is
                // there already, under the same keys. Replace it with what the session holds now.
                log.info("Session {} was saved already (an earlier commit's answer was lost): replaced", live.getId());
                jdbc.deleteById(live.getId());
                ((SessionRepository) jdbc).save(live);
            }
            known.put(live.getId(), new Known(new MapSession(live), live.getLastAccessedTime(), now));
            pendingLastAccess.remove(live.getId());
            s.originalId().filter(old -> !old.equals(live.getId())).ifPresent(this::forgetEverywhere);
            return;
        }
        Known k = known.getIfPresent(s.getId());
        if (k == null) {
            return;
        }
        Instant last = s.getLastAccessedTime();
        k.session().setLastAccessedTime(last);
        if (!last.isBefore(k.persistedLastAccess().plus(WRITE_LAST_ACCESS_EVERY))) {
            pendingLastAccess.put(s.getId(), last);
            known.put(s.getId(), new Known(k.session(), last, k.loadedAt()));
        }
    }

    @Override
    public void deleteById(String id) {
        jdbc.deleteById(id);
        pendingLastAccess.remove(id);
        forgetEverywhere(id);
    }

    /**
     * Drops a session here and on every other node, and remembers it as ended. Inside a transaction both happen
     * when it commits (the bus delivers only then), so a rolled-back change ends nobody's session.
     */
    void forgetEverywhere(String id) {
        afterCommit(() -> forget(id));
        bus.publish(TOPIC, "s:" + id);
    }

    /** The sessions of these accounts were deleted in the database (password reset, disabled account...). */
    public void accountsSignedOut(java.util.Collection<java.util.UUID> accountIds) {
        accountIds.forEach(a -> {
            afterCommit(() -> forgetPrincipal(a.toString()));
            bus.publish(TOPIC, "p:" + a);
        });
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    private void forget(String id) {
        known.invalidate(id);
        ended.put(id, Boolean.TRUE);
    }

    private void forgetPrincipal(String principal) {
        known.asMap().forEach((id, k) -> {
            if (principal.equals(k.session().getAttribute(PRINCIPAL_NAME_INDEX_NAME))) {
                forget(id);
            }
        });
    }

    private void onSignal(String payload) {
        org.preau.identity.LiveSessions.Ended ended = null;
        if (ClusterBus.RESYNC.equals(payload)) {
            // Signals may have been missed while the bus was down: re-read every session at its next use.
            known.invalidateAll();
        } else if (payload.startsWith("s:")) {
            forget(payload.substring(2));
            ended = new org.preau.identity.LiveSessions.Ended(Optional.of(payload.substring(2)), Optional.empty());
        } else if (payload.startsWith("p:")) {
            forgetPrincipal(payload.substring(2));
            try {
                ended = new org.preau.identity.LiveSessions.Ended(
                        Optional.empty(), Optional.of(java.util.UUID.fromString(payload.substring(2))));
            } catch (IllegalArgumentException e) {
                log.warn("Session signal not understood: {}", payload);
            }
        }
        if (ended != null) {
            // Told once this node has forgotten them: a listener asking about the session gets "ended".
            for (var listener : endListeners) {
                try {
                    listener.accept(ended);
                } catch (RuntimeException e) {
                    log.warn("A listener of ended sessions failed", e);
                }
            }
        }
    }

    /** See {@link org.preau.identity.LiveSessions#onEnded}. */
    public void onEnded(java.util.function.Consumer<org.preau.identity.LiveSessions.Ended> listener) {
        endListeners.add(listener);
    }

    /**
     * A use of the session outside a request (a live connection), recorded as a request's would be: in memory, the
     * database written at most every {@link #WRITE_LAST_ACCESS_EVERY}. False if the session ended or expired.
     */
    public boolean touch(String id) {
        Session session = findById(id);
        if (session == null) {
            return false;
        }
        session.setLastAccessedTime(clock.instant());
        save(session);
        return true;
    }

    /** Writes the last-access times collected since the last flush, in one statement. */
    public void flushLastAccess() {
        if (pendingLastAccess.isEmpty()) {
            return;
        }
        var batch = Map.copyOf(pendingLastAccess);
        String[] ids = batch.keySet().toArray(String[]::new);
        Long[] times = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            times[i] = batch.get(ids[i]).toEpochMilli();
        }
        try {
            sql.sql("""
                            update spring_session s set last_access_time = v.t,
                                   expiry_time = v.t + s.max_inactive_interval::bigint * 1000
                              from unnest(?::text[], ?::bigint[]) as v(id, t)
                             where s.session_id = v.id and s.last_access_time < v.t""").params(ids, times).update();
            batch.forEach(pendingLastAccess::remove);
        } catch (RuntimeException e) {
            // The database is down or slow: keep them for the next flush (a lost write only shortens an idle session).
            log.debug("Last-access times not written now: {}", e.getMessage());
        }
    }

    @Override
    public Map<String, Session> findByIndexNameAndIndexValue(String indexName, String indexValue) {
        return Map.copyOf(jdbc.findByIndexNameAndIndexValue(indexName, indexValue));
    }

    @Override
    public void destroy() {
        flushLastAccess();
        jdbc.destroy();
    }

    /** For tests and metrics: sessions this node holds. */
    long size() {
        known.cleanUp();
        return known.estimatedSize();
    }
}
