package org.preau.status.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One incident, as pages show it and the database stores it: attributed to a component and to that component's
 * operator (as the registry named them when it opened), open until {@code ended}. Immutable: the book replaces it
 * on every change.
 *
 * @param id its id (time-ordered)
 * @param componentId the component it is attributed to
 * @param kind what opened it
 * @param severity how bad
 * @param operator who operates the component, copied at opening (the registry may change later)
 * @param node the node that opened it
 * @param started when the failure began (the first failed probe, not the moment the incident was opened)
 * @param ended when it ended; empty while open
 * @param updates what was said about it, oldest first
 * @param seen the last moment a node saw what opened it (failed probes, the waiting room open), shared through the
 *     database so that a node that sees the component well does not close what another node still sees failing
 *     (docs/adr/0070); not shown
 */
public record Incident(
        UUID id,
        String componentId,
        Kind kind,
        Severity severity,
        String operator,
        String node,
        Instant started,
        Optional<Instant> ended,
        List<Update> updates,
        Instant seen) {

    /** What opened an incident. */
    public enum Kind {
        /** The component failed its probes for {@code preau.status.incident-after}. */
        OUTAGE,
        /** The surge module's waiting room opened ("salle d’attente ouverte"). */
        WAITING_ROOM,
        /** The surge module switched to read-only ("consultation seule"). */
        READ_ONLY,
        /** An operator declared it (a component no probe reaches, planned work...). */
        MANUAL;

        public boolean automatic() {
            return this != MANUAL;
        }
    }

    /** How bad: the component works partly, or not at all. */
    public enum Severity {
        DEGRADED,
        DOWN
    }

    /**
     * One entry of an incident's history: an automatic one names its message key (texts live in the bundle), an
     * operator's carries their French and English texts.
     *
     * @param id its id
     * @param at when it was posted
     * @param author the operator's account; empty for automatic entries
     * @param key the bundle key of an automatic entry ({@code status.update.opened}...)
     * @param textFr the operator's French text
     * @param textEn the operator's English text
     */
    public record Update(
            UUID id, Instant at, Optional<UUID> author, Optional<String> key, String textFr, String textEn) {}

    public Incident {
        updates = List.copyOf(updates);
        ended = ended == null ? Optional.empty() : ended;
        seen = seen == null ? started : seen;
    }

    public boolean open() {
        return ended.isEmpty();
    }

    Incident with(Update update) {
        var more = new java.util.ArrayList<>(updates);
        more.add(update);
        return new Incident(id, componentId, kind, severity, operator, node, started, ended, more, seen);
    }

    Incident closed(Instant at, Update update) {
        var more = new java.util.ArrayList<>(updates);
        more.add(update);
        return new Incident(id, componentId, kind, severity, operator, node, started, Optional.of(at), more, seen);
    }

    /** The same incident, seen at {@code at} if that is later than it was last seen. */
    Incident seenAt(Instant at) {
        return at.isAfter(seen)
                ? new Incident(id, componentId, kind, severity, operator, node, started, ended, updates, at)
                : this;
    }

    /** The same in everything but when it was last seen (which no page shows). */
    boolean sameAs(Incident other) {
        return seenAt(other.seen).equals(other.seenAt(seen));
    }

    /** The last moment it covers: its end, or {@code now} while open. */
    Instant until(Instant now) {
        return ended.orElse(now);
    }
}
