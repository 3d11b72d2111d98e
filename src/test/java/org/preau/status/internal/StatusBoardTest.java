package org.preau.status.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The board's rules on their own, with a clock the test moves: an outage opens an incident attributed to the
 * component and its operator only after failing for the set time, closes it by itself after the set time of
 * recovery, and everything decided meanwhile waits in the outbox for a database that is not there.
 */
class StatusBoardTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T07:30:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            var self = this;
            return new Clock() {
                @Override
                public ZoneId getZone() {
                    return zone;
                }

                @Override
                public Clock withZone(ZoneId z) {
                    return self.withZone(z);
                }

                @Override
                public Instant instant() {
                    return self.now;
                }
            };
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final MovableClock clock = new MovableClock();
    final Outbox outbox = new Outbox(100);
    final Registry registry = Registry.check(
            "test",
            List.of(
                    component("app", Registry.ProbeKind.NODE, "Rectorat — service numérique"),
                    component("database", Registry.ProbeKind.DATABASE, "Équipe bases de données"),
                    component("network", Registry.ProbeKind.NONE, "Réseau régional")));
    final StatusBoard board = new StatusBoard(
            registry,
            Map.of("app", true, "database", true),
            clock,
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            "node-a",
            outbox);

    static Registry.Component component(String id, Registry.ProbeKind probe, String operator) {
        return new Registry.Component(
                id,
                new Registry.Text("Nom " + id, "Name " + id),
                new Registry.Text("Fait " + id, "Does " + id),
                operator,
                "https://example.fr/" + id,
                new Registry.Host("Hébergeur", "FR"),
                probe,
                null);
    }

    void probe(String id, boolean ok) {
        board.record(id, new Health.Result(clock.instant(), ok, 1500, ok ? "" : "SQLException"));
    }

    State state(String id) {
        return board.view().component(id).orElseThrow().state();
    }

    @Test
    void anOutageOpensAnIncidentAfterTheSetTimeAndClosesItselfOnRecovery() {
        probe("database", true);
        probe("app", true);
        assertThat(state("database")).isEqualTo(State.OPERATIONAL);
        assertThat(state("network")).isEqualTo(State.UNMONITORED);
        Instant failedAt = clock.instant().plusSeconds(10);

        clock.advance(Duration.ofSeconds(10));
        probe("database", false);
        assertThat(state("database")).as("failing, not yet an outage").isEqualTo(State.DEGRADED);
        assertThat(board.view().current()).isEmpty();

        clock.advance(Duration.ofSeconds(29));
        probe("database", false);
        assertThat(board.view().current()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        probe("database", false);
        var view = board.view();
        assertThat(view.current()).singleElement().satisfies(i -> {
            assertThat(i.componentId()).isEqualTo("database");
            assertThat(i.operator()).isEqualTo("Équipe bases de données");
            assertThat(i.kind()).isEqualTo(Incident.Kind.OUTAGE);
            assertThat(i.started()).as("from the first failed probe").isEqualTo(failedAt);
            assertThat(i.open()).isTrue();
        });
        assertThat(state("database")).isEqualTo(State.DOWN);
        assertThat(state("app")).as("only the failing part is named").isEqualTo(State.OPERATIONAL);
        assertThat(view.overall()).isEqualTo(State.DOWN);

        clock.advance(Duration.ofSeconds(5));
        probe("database", true);
        Instant recoveredAt = clock.instant();
        clock.advance(Duration.ofSeconds(19));
        probe("database", true);
        assertThat(board.view().current()).as("not yet recovered long enough").hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        probe("database", true);
        view = board.view();
        assertThat(view.current()).isEmpty();
        assertThat(view.past()).singleElement().satisfies(i -> {
            assertThat(i.ended()).contains(recoveredAt);
            assertThat(i.updates())
                    .extracting(u -> u.key().orElseThrow())
                    .containsExactly("status.update.opened", "status.update.closed");
        });
        assertThat(state("database")).isEqualTo(State.OPERATIONAL);
        assertThat(view.component("database").orElseThrow().history().getLast())
                .as("today's cell shows the outage")
                .contains(Incident.Severity.DOWN);
    }

    @Test
    void aFailureShorterThanTheSetTimeOpensNoIncident() {
        probe("database", false);
        clock.advance(Duration.ofSeconds(29));
        probe("database", false);
        clock.advance(Duration.ofSeconds(1));
        probe("database", true);
        clock.advance(Duration.ofSeconds(60));
        probe("database", false);
        assertThat(board.view().current()).isEmpty();
        assertThat(board.view().past()).isEmpty();
    }

    @Test
    void theWaitingRoomAndReadOnlyModeAreIncidentsOfTheNode() {
        board.surge(() -> true, () -> false);
        assertThat(board.view().current()).singleElement().satisfies(i -> {
            assertThat(i.kind()).isEqualTo(Incident.Kind.WAITING_ROOM);
            assertThat(i.componentId()).isEqualTo("app");
            assertThat(i.operator()).isEqualTo("Rectorat — service numérique");
        });
        board.surge(() -> true, () -> true);
        assertThat(board.view().current())
                .extracting(Incident::kind)
                .containsExactlyInAnyOrder(Incident.Kind.WAITING_ROOM, Incident.Kind.READ_ONLY);
        assertThat(state("app")).isEqualTo(State.DEGRADED);

        board.surge(() -> false, () -> false);
        clock.advance(Duration.ofSeconds(20));
        board.surge(() -> false, () -> false);
        assertThat(board.view().current()).isEmpty();
        assertThat(board.view().past()).hasSize(2);
    }

    @Test
    void operatorsDeclareAndUpdateInBothLanguagesAndOnlyDeclaredIncidentsAreClosedByHand() {
        UUID operator = UUID.randomUUID();
        var declared = board.declare(
                "network", Incident.Severity.DOWN, operator, "Fibre coupée à Narbonne.", "Fibre cut near Narbonne.");
        assertThat(state("network"))
                .as("a declared incident states what no probe can")
                .isEqualTo(State.DOWN);
        assertThat(declared.operator()).isEqualTo("Réseau régional");

        clock.advance(Duration.ofMinutes(5));
        var updated = board.post(declared.id(), operator, "Réparation en cours.", "Repair under way.", false)
                .orElseThrow();
        assertThat(updated.updates())
                .extracting(Incident.Update::textEn)
                .containsExactly("Fibre cut near Narbonne.", "Repair under way.");
        var closed = board.post(declared.id(), operator, "Rétabli.", "Restored.", true)
                .orElseThrow();
        assertThat(closed.open()).isFalse();
        assertThat(board.post(declared.id(), operator, "Encore", "Again", false))
                .isEmpty();
        assertThat(state("network")).isEqualTo(State.UNMONITORED);
    }

    @Test
    void whatTheDatabaseCouldNotTakeWaitsInOrderAndIsWrittenWhenItIsBack() {
        probe("database", false);
        clock.advance(Duration.ofSeconds(30));
        probe("database", false);
        board.declare("network", Incident.Severity.DEGRADED, UUID.randomUUID(), "Lent.", "Slow.");
        int pending = outbox.pending();
        assertThat(outbox.pendingIncidents()).isEqualTo(2);

        assertThatThrownBy(() -> outbox.drain(p -> {
                    throw new IllegalStateException("database down");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(outbox.pending())
                .as("nothing lost while the database is away")
                .isEqualTo(pending);

        var written = new ArrayList<Outbox.Pending>();
        assertThat(outbox.drain(written::add)).isEqualTo(pending);
        assertThat(outbox.pending()).isZero();
        assertThat(written)
                .filteredOn(p -> p instanceof Outbox.IncidentChange)
                .extracting(p -> ((Outbox.IncidentChange) p).incident().componentId())
                .containsExactly("database", "network");
        assertThat(written)
                .filteredOn(
                        p -> p instanceof Outbox.IncidentChange c && c.action().isPresent())
                .as("the operator's action carries its audit entry to the database")
                .hasSize(1);
    }

    @Test
    void probeMinutesBeyondTheLimitAreDroppedOldestFirstButIncidentsNever() {
        var small = new Outbox(2);
        for (int m = 0; m < 4; m++) {
            small.minute(new Health.Minute("database", "n", Instant.EPOCH.plusSeconds(60L * m), 1, 0, 1, 1));
        }
        small.incident(
                board.declare("network", Incident.Severity.DOWN, UUID.randomUUID(), "a", "b"),
                java.util.Optional.empty());
        assertThat(small.pending()).isEqualTo(3);
        assertThat(small.dropped()).isEqualTo(2);
        var written = new ArrayList<Outbox.Pending>();
        small.drain(written::add);
        assertThat(written.getFirst())
                .isEqualTo(new Outbox.MinuteDone(
                        new Health.Minute("database", "n", Instant.EPOCH.plusSeconds(120), 1, 0, 1, 1)));
    }

    @Test
    void aWrongRegistryIsRefusedWithWhatIsWrong() {
        var bad = new Registry.Component(
                "Database", new Registry.Text("", ""), null, "", "", new Registry.Host("x", "France"), null, null);
        assertThatThrownBy(() -> Registry.check("registry.yml", List.of(bad)))
                .hasMessageContaining("id must be")
                .hasMessageContaining("name.fr is required")
                .hasMessageContaining("operator is required")
                .hasMessageContaining("two-letter country code")
                .hasMessageContaining("probe is required");
    }

    /** Another node on the same clock, whose incidents reach this board as the database would hand them over. */
    final Outbox otherOutbox = new Outbox(100);

    final StatusBoard other = new StatusBoard(
            registry,
            Map.of("app", true, "database", true),
            clock,
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            "node-b",
            otherOutbox);

    void otherProbe(String id, boolean ok) {
        other.record(id, new Health.Result(clock.instant(), ok, 1500, ok ? "" : "SQLException"));
    }

    Incident otherOutage() {
        return other.view().current().stream()
                .filter(i -> i.kind() == Incident.Kind.OUTAGE)
                .findFirst()
                .flatMap(i -> other.incident(i.id()))
                .orElseThrow();
    }

    @Test
    void anOutageAnotherNodeStillSeesStaysOpenOnANodeThatSeesTheComponentWellThenClosesWhenNobodySeesIt() {
        probe("database", true);
        otherProbe("database", false);
        clock.advance(Duration.ofSeconds(30));
        otherProbe("database", false);
        var opened = otherOutage();
        board.merge(opened);
        probe("database", true);
        assertThat(board.view().current())
                .singleElement()
                .satisfies(i -> assertThat(i.id()).isEqualTo(opened.id()));
        assertThat(state("database")).as("node A shows what node B sees").isEqualTo(State.DOWN);

        // Passing here for longer than recovery-after, while node B keeps reporting the failure.
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(15));
            otherProbe("database", false);
            board.merge(otherOutage());
            probe("database", true);
            assertThat(board.view().current())
                    .as("still seen failing by node B")
                    .hasSize(1);
        }
        Instant lastSeen = clock.instant();
        assertThat(otherOutbox.pending())
                .as("node B's sightings, one pending per incident")
                .isPositive();

        // Node B stops seeing it (or is gone): node A closes it recovery-after later, ended when last seen failing.
        clock.advance(Duration.ofSeconds(19));
        probe("database", true);
        assertThat(board.view().current()).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        probe("database", true);
        assertThat(board.view().current()).isEmpty();
        var closed = board.incident(opened.id()).orElseThrow();
        assertThat(closed.ended()).contains(lastSeen);
        assertThat(closed.updates().getLast().id())
                .as("the same closed entry whichever node writes it")
                .isEqualTo(StatusBoard.closing(opened, clock.instant()).id());
    }

    @Test
    void aNodeThatSeesTheFailureJoinsTheOpenIncidentInsteadOfOpeningAnother() {
        otherProbe("database", false);
        clock.advance(Duration.ofSeconds(30));
        otherProbe("database", false);
        var opened = otherOutage();
        board.merge(opened);
        int before = outbox.pendingIncidents();
        for (int i = 0; i < 5; i++) {
            probe("database", false);
            clock.advance(Duration.ofSeconds(15));
        }
        probe("database", false);
        assertThat(board.view().current())
                .singleElement()
                .satisfies(i -> assertThat(i.id()).isEqualTo(opened.id()));
        assertThat(outbox.pendingIncidents()).as("no incident of its own").isEqualTo(before);
        var sightings = new ArrayList<Outbox.Pending>();
        outbox.drain(sightings::add);
        assertThat(sightings)
                .filteredOn(p -> p instanceof Outbox.Seen)
                .as("its sightings, coalesced to the latest")
                .containsExactly(new Outbox.Seen(opened.id(), clock.instant()));
    }

    @Test
    void theDatabaseCopyOfAnIncidentIsTakenUnlessAChangeOfItsOwnWaits() {
        UUID operator = UUID.randomUUID();
        var declared = board.declare("network", Incident.Severity.DOWN, operator, "Coupure.", "Cut.");
        long version = board.view().version();
        // Node B posted an update meanwhile, but this node's declaration is not written yet: its own copy stays.
        var elsewhere = declared.with(new Incident.Update(
                UUID.randomUUID(),
                clock.instant(),
                java.util.Optional.of(operator),
                java.util.Optional.empty(),
                "B",
                "B"));
        board.merge(elsewhere);
        assertThat(board.incident(declared.id()).orElseThrow().updates()).hasSize(1);
        outbox.drain(p -> {});
        // Written: the database's copy (every node's updates) is taken, and the page changes.
        board.merge(elsewhere);
        assertThat(board.incident(declared.id()).orElseThrow().updates()).hasSize(2);
        assertThat(board.view().version()).isGreaterThan(version);
        // The same copy again, or one that differs only in when it was last seen: nothing shown changes.
        long now = board.view().version();
        board.merge(elsewhere.seenAt(clock.instant().plusSeconds(5)));
        assertThat(board.view().version()).isEqualTo(now);
    }
}
