package org.preau.status.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What the board decided and the database has not stored yet, in order: incidents (each with the audit event of
 * the operator action that changed it, if any) and closed probe minutes. The board never waits for the database:
 * it hands things here, and {@link #drain} writes them when the database answers, stopping at the first failure
 * and keeping the rest for the next try (docs/adr/0033). Incidents are never dropped; probe minutes beyond
 * {@code maxPending} are, oldest first, and counted.
 */
final class Outbox {

    /** One thing to write. */
    sealed interface Pending {}

    /**
     * An incident to store; {@code action} is the operator's action that changed it, if any, which becomes an
     * {@link org.preau.platform.audit.AuditEvent} in the transaction that stores it.
     */
    record IncidentChange(Incident incident, Optional<Action> action) implements Pending {}

    /** An operator's action on an incident, for the audit log: made when decided, published when stored. */
    record Action(String code, UUID actor, Instant at) {}

    record MinuteDone(Health.Minute minute) implements Pending {}

    /**
     * This node saw what opened an incident at {@code at} (docs/adr/0070): one pending per incident at most, the
     * latest, queued after the incident itself.
     */
    record Seen(UUID incident, Instant at) implements Pending {}

    private final Deque<Pending> queue = new ArrayDeque<>();
    private final int maxMinutes;
    private int minutes;
    private long dropped;

    Outbox(int maxMinutes) {
        this.maxMinutes = maxMinutes;
    }

    synchronized void minute(Health.Minute m) {
        queue.addLast(new MinuteDone(m));
        minutes++;
        if (minutes > maxMinutes) {
            for (var it = queue.iterator(); it.hasNext(); ) {
                if (it.next() instanceof MinuteDone) {
                    it.remove();
                    minutes--;
                    dropped++;
                    break;
                }
            }
        }
    }

    synchronized void incident(Incident incident, Optional<Action> action) {
        queue.addLast(new IncidentChange(incident, action));
    }

    /** Replaces this incident's pending sighting, if any, with a later one at the end of the line. */
    synchronized void seen(UUID incident, Instant at) {
        queue.removeIf(p -> p instanceof Seen s && s.incident().equals(incident));
        queue.addLast(new Seen(incident, at));
    }

    /**
     * Writes pending items in order with {@code writer} (one call per item, its own transaction); stops at the
     * first one that throws, which stays first in line. Returns how many were written.
     */
    int drain(Consumer<Pending> writer) {
        return drain(writer, p -> {});
    }

    /** As {@link #drain(Consumer)}, calling {@code afterWritten} with each item once it is out of the line. */
    int drain(Consumer<Pending> writer, Consumer<Pending> afterWritten) {
        int written = 0;
        while (true) {
            Pending next;
            synchronized (this) {
                next = queue.peekFirst();
            }
            if (next == null) {
                return written;
            }
            writer.accept(next); // throws: stays in line
            synchronized (this) {
                if (queue.peekFirst() == next) {
                    queue.removeFirst();
                    if (next instanceof MinuteDone) {
                        minutes--;
                    }
                } else {
                    queue.remove(next);
                }
            }
            afterWritten.accept(next);
            written++;
        }
    }

    synchronized int pending() {
        return queue.size();
    }

    synchronized int pendingIncidents() {
        return (int) queue.stream().filter(p -> p instanceof IncidentChange).count();
    }

    synchronized long dropped() {
        return dropped;
    }

    /** Whether a change of this incident waits to be written (then the database's copy is older than ours). */
    synchronized boolean holds(UUID incidentId) {
        return queue.stream()
                .anyMatch(
                        p -> p instanceof IncidentChange c && c.incident().id().equals(incidentId));
    }
}
