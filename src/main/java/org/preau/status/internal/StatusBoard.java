package org.preau.status.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.preau.platform.Ids;
import org.preau.platform.SchoolTime;

/**
 * The state of every component and every incident of the last 30 days, held in memory on this node: probes report
 * here, incidents open and close here, pages read here. Nothing in it touches the database; what must be kept is
 * handed to the {@link Outbox}, which writes it when the database answers (docs/adr/0033). Free of Spring, so that
 * tests can drive it with their own clock and probes.
 */
final class StatusBoard {

    /** What is kept: the page shows 30 days. */
    static final Duration KEPT = Duration.ofDays(30);

    private final Registry registry;
    private final Clock clock;
    private final Duration incidentAfter;
    private final Duration recoveryAfter;
    private final String node;
    private final Outbox outbox;
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    /** Components whose probe is configured; the others are UNMONITORED. */
    private final Map<String, Boolean> monitored = new LinkedHashMap<>();

    private final Map<UUID, Incident> incidents = new LinkedHashMap<>();
    private final Map<Incident.Kind, Instant> surgeOffSince = new EnumMap<>(Incident.Kind.class);
    private long version;
    private volatile BoardView view;

    StatusBoard(
            Registry registry,
            Map<String, Boolean> monitored,
            Clock clock,
            Duration incidentAfter,
            Duration recoveryAfter,
            String node,
            Outbox outbox) {
        this.registry = registry;
        this.clock = clock;
        this.incidentAfter = incidentAfter;
        this.recoveryAfter = recoveryAfter;
        this.node = node;
        this.outbox = outbox;
        for (var c : registry.components()) {
            boolean probed = Boolean.TRUE.equals(monitored.get(c.id()));
            this.monitored.put(c.id(), probed);
            if (probed) {
                health.put(c.id(), new Health(c.id(), node));
            }
        }
    }

    Registry registry() {
        return registry;
    }

    String node() {
        return node;
    }

    boolean monitored(String componentId) {
        return Boolean.TRUE.equals(monitored.get(componentId));
    }

    /** What was stored before this node started: incidents (merged by id) and this node's probe minutes. */
    synchronized void restore(List<Incident> stored, List<Health.Minute> minutes) {
        for (var i : stored) {
            if (registry.find(i.componentId()).isPresent()) {
                incidents.putIfAbsent(i.id(), i);
            }
        }
        var byComponent = new LinkedHashMap<String, List<Health.Minute>>();
        minutes.forEach(m -> byComponent
                .computeIfAbsent(m.componentId(), k -> new ArrayList<>())
                .add(m));
        byComponent.forEach((id, list) -> {
            var h = health.get(id);
            if (h != null) {
                h.restore(list);
            }
        });
        changed();
    }

    /**
     * An incident as the database has it now (another node changed it, or this node's own write came back): the
     * database holds every node's updates and the first end written, so its copy is taken whenever this node has
     * nothing of that incident still to write; when it was last seen is the later of both.
     */
    synchronized void merge(Incident stored) {
        if (registry.find(stored.componentId()).isEmpty() || outbox.holds(stored.id())) {
            return;
        }
        var mine = incidents.get(stored.id());
        incidents.put(stored.id(), mine == null ? stored : stored.seenAt(mine.seen()));
        if (mine == null || !mine.sameAs(stored)) {
            changed();
        }
    }

    /** One probe's result for a component. */
    void record(String componentId, Health.Result result) {
        var h = health.get(componentId);
        if (h == null) {
            return;
        }
        boolean before = h.failing();
        boolean probedBefore = h.probed();
        h.record(result).ifPresent(outbox::minute);
        synchronized (this) {
            if (before != h.failing() || !probedBefore) {
                changed();
            }
            evaluate(componentId, h, result.at());
        }
    }

    /**
     * Opens an outage after {@code incidentAfter} of failures; closes it after {@code recoveryAfter} of passes, once
     * no node has seen it fail for {@code recoveryAfter} either (another node may still see what this one does not:
     * docs/adr/0070). A failure seen while an outage is open, whichever node opened it, is reported on it.
     */
    private void evaluate(String componentId, Health h, Instant now) {
        var open = openIncident(componentId, Incident.Kind.OUTAGE);
        if (open.isEmpty() && h.failingFor(incidentAfter, now)) {
            var component = registry.find(componentId).orElseThrow();
            var started = h.failingSince().orElse(now);
            put(new Incident(
                    Ids.newId(),
                    componentId,
                    Incident.Kind.OUTAGE,
                    Incident.Severity.DOWN,
                    component.operator(),
                    node,
                    started,
                    Optional.empty(),
                    List.of(automatic(now, "status.update.opened")),
                    now));
        } else if (open.isPresent() && h.failing()) {
            see(open.get(), now);
        } else if (open.isPresent() && h.passingFor(recoveryAfter, now) && unseenFor(open.get(), now)) {
            var ended = later(h.passingSince().orElse(now), open.get().seen());
            put(open.get().closed(ended, closing(open.get(), now)));
        }
    }

    /** Nobody has reported what opened it for {@code recoveryAfter}. */
    private boolean unseenFor(Incident incident, Instant now) {
        return !incident.seen().plus(recoveryAfter).isAfter(now);
    }

    /** This node saw it too: kept in memory, and shared (coalesced) so that other nodes keep it open. */
    private void see(Incident incident, Instant at) {
        var seen = incident.seenAt(at);
        if (seen != incident) {
            incidents.put(seen.id(), seen);
            outbox.seen(seen.id(), at);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * The surge module's own events: the waiting room open and read-only mode, attributed to the node component.
     * Opened as soon as seen, closed after {@code recoveryAfter} without them.
     */
    synchronized void surge(BooleanSupplier waitingRoomOpen, BooleanSupplier readOnly) {
        var nodeComponent = registry.first(Registry.ProbeKind.NODE);
        if (nodeComponent.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        surgeEvent(nodeComponent.get(), Incident.Kind.WAITING_ROOM, waitingRoomOpen.getAsBoolean(), now);
        surgeEvent(nodeComponent.get(), Incident.Kind.READ_ONLY, readOnly.getAsBoolean(), now);
    }

    private void surgeEvent(Registry.Component component, Incident.Kind kind, boolean on, Instant now) {
        var open = openIncident(component.id(), kind);
        if (on) {
            surgeOffSince.remove(kind);
            if (open.isEmpty()) {
                put(new Incident(
                        Ids.newId(),
                        component.id(),
                        kind,
                        Incident.Severity.DEGRADED,
                        component.operator(),
                        node,
                        now,
                        Optional.empty(),
                        List.of(automatic(now, "status.update.opened." + kind.name())),
                        now));
            } else {
                see(open.get(), now);
            }
        } else if (open.isPresent()) {
            Instant off = surgeOffSince.computeIfAbsent(kind, k -> now);
            if (!off.plus(recoveryAfter).isAfter(now) && unseenFor(open.get(), now)) {
                surgeOffSince.remove(kind);
                put(open.get().closed(later(off, open.get().seen()), closing(open.get(), now)));
            }
        }
    }

    /** An operator declares an incident on a component (any component, probed or not). */
    synchronized Incident declare(
            String componentId, Incident.Severity severity, UUID author, String textFr, String textEn) {
        var component = registry.find(componentId).orElseThrow();
        Instant now = clock.instant();
        var incident = new Incident(
                Ids.newId(),
                componentId,
                Incident.Kind.MANUAL,
                severity,
                component.operator(),
                node,
                now,
                Optional.empty(),
                List.of(new Incident.Update(Ids.newId(), now, Optional.of(author), Optional.empty(), textFr, textEn)),
                now);
        put(incident, Optional.of(new Outbox.Action("status.incident-declared", author, now)));
        return incident;
    }

    /** An operator's update; {@code close} ends a declared incident (automatic ones end by themselves). */
    synchronized Optional<Incident> post(UUID incidentId, UUID author, String textFr, String textEn, boolean close) {
        var incident = incidents.get(incidentId);
        if (incident == null || !incident.open()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        var update = new Incident.Update(Ids.newId(), now, Optional.of(author), Optional.empty(), textFr, textEn);
        var next = close ? incident.closed(now, update) : incident.with(update);
        put(
                next,
                Optional.of(
                        new Outbox.Action(close ? "status.incident-closed" : "status.incident-updated", author, now)));
        return Optional.of(next);
    }

    synchronized Optional<Incident> incident(UUID id) {
        return Optional.ofNullable(incidents.get(id));
    }

    private Optional<Incident> openIncident(String componentId, Incident.Kind kind) {
        return incidents.values().stream()
                .filter(i -> i.open() && i.kind() == kind && i.componentId().equals(componentId))
                .findFirst();
    }

    private static Incident.Update automatic(Instant at, String key) {
        return new Incident.Update(Ids.newId(), at, Optional.empty(), Optional.of(key), null, null);
    }

    /**
     * The automatic "closed" entry of an incident. Its id comes from the incident's, so that two nodes that see the
     * recovery in the same seconds write one entry, not two (the database keeps the first).
     */
    static Incident.Update closing(Incident incident, Instant at) {
        var id = UUID.nameUUIDFromBytes(("status-closed:" + incident.id()).getBytes(StandardCharsets.UTF_8));
        return new Incident.Update(id, at, Optional.empty(), Optional.of("status.update.closed"), null, null);
    }

    private void put(Incident incident) {
        put(incident, Optional.empty());
    }

    private void put(Incident incident, Optional<Outbox.Action> action) {
        incidents.put(incident.id(), incident);
        outbox.incident(incident, action);
        changed();
    }

    private void changed() {
        version++;
        view = null;
    }

    /** Forgets closed incidents older than 30 days (they stay in the database until pruned). */
    synchronized void prune() {
        Instant horizon = clock.instant().minus(KEPT);
        if (incidents.values().removeIf(i -> !i.open() && i.ended().get().isBefore(horizon))) {
            changed();
        }
    }

    Optional<Health.View> health(String componentId) {
        var h = health.get(componentId);
        return h == null ? Optional.empty() : Optional.of(h.view());
    }

    /** The page's view, rebuilt only after a change (or when the day turns). */
    BoardView view() {
        var v = view;
        LocalDate today = LocalDate.now(clock.withZone(SchoolTime.ZONE));
        if (v != null && v.days().getLast().equals(today)) {
            return v;
        }
        synchronized (this) {
            v = build(today);
            view = v;
            return v;
        }
    }

    private BoardView build(LocalDate today) {
        Instant now = clock.instant();
        var days = new ArrayList<LocalDate>();
        for (int d = 29; d >= 0; d--) {
            days.add(today.minusDays(d));
        }
        var all = new ArrayList<>(incidents.values());
        all.sort(Comparator.comparing(Incident::started).reversed());
        var current = all.stream().filter(Incident::open).toList();
        var past = all.stream()
                .filter(i -> !i.open() && i.ended().get().isAfter(now.minus(KEPT)))
                .toList();
        var components = new ArrayList<BoardView.ComponentView>();
        State overall = State.OPERATIONAL;
        for (var c : registry.components()) {
            State state = state(c.id(), current);
            overall = overall.worst(state == State.UNMONITORED || state == State.CHECKING ? State.OPERATIONAL : state);
            var history = new ArrayList<Optional<Incident.Severity>>();
            for (var day : days) {
                Instant from = day.atStartOfDay(SchoolTime.ZONE).toInstant();
                Instant to = ZonedDateTime.of(day.plusDays(1).atStartOfDay(), SchoolTime.ZONE)
                        .toInstant();
                Optional<Incident.Severity> worst = Optional.empty();
                for (var i : all) {
                    if (i.componentId().equals(c.id())
                            && i.started().isBefore(to)
                            && i.until(now).isAfter(from)) {
                        if (worst.isEmpty() || i.severity().compareTo(worst.get()) > 0) {
                            worst = Optional.of(i.severity());
                        }
                    }
                }
                history.add(worst);
            }
            components.add(new BoardView.ComponentView(c, state, List.copyOf(history)));
        }
        return new BoardView(version, now, overall, List.copyOf(components), current, past, List.copyOf(days));
    }

    private State state(String componentId, List<Incident> open) {
        State state;
        var h = health.get(componentId);
        if (h == null) {
            state = State.UNMONITORED;
        } else if (!h.probed()) {
            state = State.CHECKING;
        } else if (h.failing()) {
            // DOWN once the outage incident is open (below): the same moment the page says whose it is.
            state = State.DEGRADED;
        } else {
            state = State.OPERATIONAL;
        }
        for (var i : open) {
            if (i.componentId().equals(componentId)) {
                state = state.worst(i.severity() == Incident.Severity.DOWN ? State.DOWN : State.DEGRADED);
            }
        }
        return state;
    }
}
