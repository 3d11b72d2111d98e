package org.preau.status.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the probes said of one component, in memory: the recent results (the operator's probe history), the minute
 * it is aggregating for the database, and since when it has been failing or passing, which decides its state and
 * its incidents. Synchronized: the probe thread writes, pages read snapshots.
 */
public final class Health {

    /** One probe's outcome; {@code failure} is a short kind ({@code timeout}, {@code SQLException}), empty when ok. */
    public record Result(Instant at, boolean ok, long micros, String failure) {}

    /** A minute of one component's probes on this node, as stored (status_probe_minute). */
    public record Minute(
            String componentId, String node, Instant minute, int probes, int failures, long sumMicros, long maxMicros) {
        Minute plus(Result r) {
            return new Minute(
                    componentId,
                    node,
                    minute,
                    probes + 1,
                    failures + (r.ok() ? 0 : 1),
                    sumMicros + r.micros(),
                    Math.max(maxMicros, r.micros()));
        }
    }

    /** A copy for pages. */
    public record View(
            String componentId,
            Optional<Result> last,
            Optional<Instant> failingSince,
            List<Result> recent,
            List<Minute> minutes,
            long probes,
            long failures) {

        /** Failed share of the recent results, 0..1; empty with no results yet. */
        public Optional<Double> errorRate() {
            return recent.isEmpty()
                    ? Optional.empty()
                    : Optional.of(recent.stream().filter(r -> !r.ok()).count() / (double) recent.size());
        }

        /** Mean latency of the recent successful probes, in milliseconds. */
        public Optional<Double> meanMillis() {
            return recent.stream().filter(Result::ok).mapToLong(Result::micros).average().stream()
                    .mapToObj(m -> m / 1000.0)
                    .findFirst();
        }

        /** The slowest recent successful probe, in milliseconds. */
        public Optional<Double> maxMillis() {
            return recent.stream().filter(Result::ok).mapToLong(Result::micros).max().stream()
                    .mapToObj(m -> m / 1000.0)
                    .findFirst();
        }
    }

    static final int RECENT = 360;
    static final int MINUTES = 24 * 60;

    private final String componentId;
    private final String node;
    private final ArrayDeque<Result> recent = new ArrayDeque<>();
    private final ArrayDeque<Minute> minutes = new ArrayDeque<>();
    private Minute current;
    private Instant failingSince;
    private Instant passingSince;
    private long probes;
    private long failures;

    Health(String componentId, String node) {
        this.componentId = componentId;
        this.node = node;
    }

    /** Records a result; returns the minute it closed, if it began a new one. */
    synchronized Optional<Minute> record(Result r) {
        probes++;
        if (r.ok()) {
            failingSince = null;
            if (passingSince == null) {
                passingSince = r.at();
            }
        } else {
            failures++;
            passingSince = null;
            if (failingSince == null) {
                failingSince = r.at();
            }
        }
        recent.addLast(r);
        while (recent.size() > RECENT) {
            recent.removeFirst();
        }
        Instant minute = r.at().truncatedTo(ChronoUnit.MINUTES);
        Optional<Minute> closed = Optional.empty();
        if (current != null && !current.minute().equals(minute)) {
            closed = Optional.of(current);
            remember(current);
            current = null;
        }
        if (current == null) {
            current = new Minute(componentId, node, minute, 0, 0, 0, 0);
        }
        current = current.plus(r);
        return closed;
    }

    /** Minutes read back from the database at start, oldest first. */
    synchronized void restore(List<Minute> stored) {
        stored.forEach(this::remember);
    }

    private void remember(Minute m) {
        minutes.addLast(m);
        while (minutes.size() > MINUTES) {
            minutes.removeFirst();
        }
    }

    /** Failing without a break for at least {@code d} at {@code now}. */
    synchronized boolean failingFor(Duration d, Instant now) {
        return failingSince != null && !failingSince.plus(d).isAfter(now);
    }

    /** Passing without a break for at least {@code d} at {@code now}. */
    synchronized boolean passingFor(Duration d, Instant now) {
        return passingSince != null && !passingSince.plus(d).isAfter(now);
    }

    synchronized Optional<Instant> failingSince() {
        return Optional.ofNullable(failingSince);
    }

    synchronized Optional<Instant> passingSince() {
        return Optional.ofNullable(passingSince);
    }

    synchronized boolean failing() {
        return failingSince != null;
    }

    synchronized boolean probed() {
        return probes > 0;
    }

    synchronized View view() {
        var mins = new ArrayList<>(minutes);
        if (current != null) {
            mins.add(current);
        }
        return new View(
                componentId,
                Optional.ofNullable(recent.peekLast()),
                Optional.ofNullable(failingSince),
                List.copyOf(recent),
                List.copyOf(mins),
                probes,
                failures);
    }
}
