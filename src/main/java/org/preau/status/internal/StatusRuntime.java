package org.preau.status.internal;

import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.preau.identity.HashingPool;
import org.preau.platform.ClusterBus;
import org.preau.platform.audit.AuditEvent;
import org.preau.status.FileStoreProbe;
import org.preau.surge.DegradedMode;
import org.preau.surge.SurgeLoad;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the status module on this node: reads the registry, builds each component's probe, probes every
 * {@code probe-interval} on threads of their own (a probe that outlives {@code probe-timeout} is a failure, and no
 * second one starts while it hangs), feeds the {@link StatusBoard}, and writes the {@link Outbox} to the database
 * whenever the database probe passes. Other nodes' incident changes arrive on the {@link ClusterBus}.
 */
@Component
class StatusRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusRuntime.class);
    static final String TOPIC = "status";

    private final StatusProperties properties;
    private final StatusBoard board;
    private final Outbox outbox;
    private final StatusStore store;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final ClusterBus bus;
    private final Clock clock;
    private final ObjectProvider<SurgeLoad> surge;
    private final ObjectProvider<DegradedMode> degraded;
    private final Map<String, Probes.Probe> probes = new LinkedHashMap<>();
    private final Map<String, Instant> running = new ConcurrentHashMap<>();
    private final Map<String, Instant> stallRecorded = new ConcurrentHashMap<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final String databaseId;
    private Probes.Database databaseProbe;
    private ScheduledExecutorService ticker;
    private volatile boolean started;

    StatusRuntime(
            StatusProperties properties,
            ResourceLoader resources,
            Environment environment,
            DataSource dataSource,
            StatusStore store,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            ClusterBus bus,
            Clock clock,
            ObjectProvider<SurgeLoad> surge,
            ObjectProvider<DegradedMode> degraded,
            ObjectProvider<HashingPool> hashing,
            ObjectProvider<FileStoreProbe> fileStore) {
        this.properties = properties;
        this.store = store;
        this.transactions = transactions;
        this.events = events;
        this.bus = bus;
        // To the microsecond, as PostgreSQL keeps time: a node's own incidents then read back from the database
        // exactly as it holds them, and every node shows the same times.
        this.clock = Clock.tick(clock, Duration.ofNanos(1000));
        this.surge = surge;
        this.degraded = degraded;
        var registry = Registry.load(resources, properties.registry());
        var timeout = properties.probeTimeout();
        String databaseId = null;
        for (var c : registry.components()) {
            Probes.Probe probe = switch (c.probe()) {
                case NODE -> Probes.node(surge::getIfAvailable, hashing::getIfAvailable);
                case DATABASE -> {
                    databaseId = databaseId == null ? c.id() : databaseId;
                    yield databaseProbe(dataSource, timeout);
                }
                case FILES -> {
                    // The store the deployment really uses, from the module that owns it (documents' StorageProbe);
                    // without one nothing here can probe it, and the page says so (unmonitored).
                    var files = fileStore.getIfAvailable();
                    yield files == null ? null : files::writeAndRead;
                }
                case SMTP -> smtp(c, environment, timeout);
                case HTTP ->
                    c.probeTarget()
                            .map(url -> Probes.http(
                                    HttpClient.newBuilder()
                                            .connectTimeout(timeout)
                                            .followRedirects(HttpClient.Redirect.NEVER)
                                            .build(),
                                    URI.create(url),
                                    timeout))
                            .orElse(null);
                case NONE -> null;
            };
            if (probe != null) {
                probes.put(c.id(), probe);
            }
        }
        this.databaseId = databaseId;
        var monitored = new LinkedHashMap<String, Boolean>();
        registry.components().forEach(c -> monitored.put(c.id(), probes.containsKey(c.id())));
        this.outbox = new Outbox(properties.maxPending());
        this.board = new StatusBoard(
                registry,
                monitored,
                this.clock,
                properties.incidentAfter(),
                properties.recoveryAfter(),
                nodeName(properties),
                outbox);
    }

    private Probes.Probe databaseProbe(DataSource dataSource, Duration timeout) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                var hikari = dataSource.unwrap(HikariDataSource.class);
                if (hikari.getJdbcUrl() != null) {
                    databaseProbe = new Probes.Database(
                            hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword(), timeout);
                    return databaseProbe;
                }
            }
        } catch (java.sql.SQLException e) {
            // Not Hikari: probe through the pool below.
        }
        return () -> {
            try (var c = dataSource.getConnection();
                    var s = c.createStatement()) {
                s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                s.execute("select count(*) from pg_catalog.pg_class");
            }
        };
    }

    private static Probes.Probe smtp(Registry.Component c, Environment environment, Duration timeout) {
        Optional<String> target = c.probeTarget();
        String host;
        int port;
        if (target.isPresent()) {
            String t = target.get();
            int colon = t.lastIndexOf(':');
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? 25 : Integer.parseInt(t.substring(colon + 1));
        } else {
            host = environment.getProperty("spring.mail.host", "");
            port = environment.getProperty("spring.mail.port", Integer.class, 25);
        }
        return host.isBlank() ? null : Probes.smtp(host, port, timeout);
    }

    private static String nodeName(StatusProperties properties) {
        if (!properties.node().isBlank()) {
            return properties.node();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "node";
        }
    }

    StatusBoard board() {
        return board;
    }

    long probeIntervalSeconds() {
        return Math.max(1, properties.probeInterval().toSeconds());
    }

    Outbox outbox() {
        return outbox;
    }

    @Override
    public void start() {
        Instant since = clock.instant().minus(StatusBoard.KEPT);
        try {
            board.restore(
                    store.incidents(since),
                    store.minutes(board.node(), clock.instant().minus(Duration.ofDays(1))));
        } catch (RuntimeException e) {
            log.warn("Status history could not be read at start; starting from memory only: {}", e.toString());
        }
        bus.subscribe(TOPIC, this::otherNodeChanged);
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("status-ticker").factory());
        long every = Math.max(50, properties.probeInterval().toMillis());
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, every, TimeUnit.MILLISECONDS);
        long flushEvery = Math.max(50, properties.flushInterval().toMillis());
        ticker.scheduleWithFixedDelay(this::flushSoon, flushEvery, flushEvery, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(board::prune, 1, 60, TimeUnit.MINUTES);
        started = true;
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Status tick failed", e);
        }
    }

    /** Starts each probe that is not already running; a probe past its timeout counts as failed, once per tick. */
    void tick() {
        Instant now = clock.instant();
        for (var entry : probes.entrySet()) {
            String id = entry.getKey();
            Instant since = running.putIfAbsent(id, now);
            if (since != null) {
                if (Duration.between(since, now).compareTo(properties.probeTimeout()) > 0) {
                    board.record(id, new Health.Result(now, false, micros(since, now), "timeout"));
                    stallRecorded.put(id, since);
                }
                continue;
            }
            var probe = entry.getValue();
            Thread.ofVirtual().name("status-probe-" + id).start(() -> runProbe(id, probe, now));
        }
        var load = surge.getIfAvailable();
        var mode = degraded.getIfAvailable();
        board.surge(() -> load != null && load.waitingRoomOpen(), () -> mode != null && mode.active());
    }

    private void runProbe(String id, Probes.Probe probe, Instant started) {
        long t0 = System.nanoTime();
        Health.Result result;
        try {
            probe.run();
            long micros = (System.nanoTime() - t0) / 1000;
            boolean late = micros > properties.probeTimeout().toNanos() / 1000;
            result = new Health.Result(clock.instant(), !late, micros, late ? "timeout" : "");
        } catch (Exception e) {
            result = new Health.Result(clock.instant(), false, (System.nanoTime() - t0) / 1000, kind(e));
        } finally {
            running.remove(id);
        }
        // A probe already counted as timed out says nothing new when it finally fails; when it finally succeeds
        // it is still too slow (counted late above).
        if (!started.equals(stallRecorded.remove(id))) {
            board.record(id, result);
        }
    }

    /** What went wrong, as a class name: never the message (addresses, paths, user names). */
    static String kind(Throwable e) {
        if (e instanceof Probes.Failed f) {
            return f.getMessage();
        }
        return e.getClass().getSimpleName();
    }

    private static long micros(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1000;
    }

    private void flushSoon() {
        if (!flushing.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("status-flush").start(() -> {
            try {
                flush();
            } finally {
                flushing.set(false);
            }
        });
    }

    /**
     * Writes what is pending, while the database probe passes (an unreachable database is not asked again and
     * again by the writer too: the probe says when it is back).
     */
    void flush() {
        if (databaseId != null
                && board.health(databaseId)
                        .map(h -> h.last().isEmpty() || !h.last().get().ok())
                        .orElse(false)) {
            return;
        }
        try {
            outbox.drain(this::write, this::written);
        } catch (RuntimeException e) {
            log.info(
                    "Status history kept in memory until the database answers ({} pending): {}",
                    outbox.pending(),
                    e.toString());
        }
    }

    private void write(Outbox.Pending pending) {
        switch (pending) {
            case Outbox.IncidentChange change -> transactions.executeWithoutResult(tx -> store(change));
            case Outbox.MinuteDone done -> store.save(done.minute());
            case Outbox.Seen seen ->
                transactions.executeWithoutResult(tx -> {
                    store.seen(seen.incident(), seen.at());
                    bus.publish(TOPIC, seen.incident().toString());
                });
        }
    }

    /**
     * An incident change out of the line: read back what the database kept, which may be another node's (the first
     * end written, every node's updates), so that this node ends up showing what the others show.
     */
    private void written(Outbox.Pending pending) {
        if (pending instanceof Outbox.IncidentChange change) {
            otherNodeChanged(change.incident().id().toString());
        }
    }

    /** One incident change, in the caller's transaction, with its audit entry and the signal to the other nodes. */
    private void store(Outbox.IncidentChange change) {
        store.save(change.incident());
        if (change.action().isPresent()) {
            // The operator's action enters the audit log in the transaction that stores what it changed, dated
            // when the operator acted (the database may have been down then).
            var a = change.action().get();
            events.publishEvent(AuditEvent.of(a.code(), a.actor(), Clock.fixed(a.at(), ZoneOffset.UTC))
                    .with("component", change.incident().componentId())
                    .with("incident", change.incident().id()));
        }
        bus.publish(TOPIC, change.incident().id().toString());
    }

    private void otherNodeChanged(String payload) {
        try {
            if (ClusterBus.RESYNC.equals(payload)) {
                store.incidents(clock.instant().minus(StatusBoard.KEPT)).forEach(board::merge);
                return;
            }
            store.incident(UUID.fromString(payload)).ifPresent(board::merge);
        } catch (RuntimeException e) {
            log.debug("Status change from another node not read yet: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        started = false;
        if (ticker != null) {
            ticker.shutdownNow();
        }
        // One last try, so that a clean shutdown loses nothing the database can take.
        flush();
        if (databaseProbe != null) {
            databaseProbe.close();
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    /** After the web server and the pools are up; stopped before them. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 1000;
    }
}
