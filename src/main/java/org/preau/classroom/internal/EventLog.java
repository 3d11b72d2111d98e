package org.preau.classroom.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.platform.ClusterBus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends a room's events with their sequence numbers and reads them back. The number is taken by incrementing the
 * room row's {@code last_seq} in the statement that inserts the event, so the row lock orders concurrent writers of
 * one room (on any node) and numbers have no gap and no repeat. The other nodes are told through the
 * {@link ClusterBus} (PostgreSQL NOTIFY, sent only if the transaction commits), by the same statement when the bus
 * goes through the database: one round trip per event (ADR 0072). The signal carries no data, only "room R has news
 * up to number N, written by node X"; each node then reads what it has not seen from the table, so a lost signal
 * delays but never loses an event, and the node that wrote it (which applies it at once) reads nothing.
 */
@Component
class EventLog {

    static final String TOPIC = "classroom.room";

    /** This node, as it signs its signals: a node skips its own (it has applied what it wrote). */
    final String node = UUID.randomUUID().toString();

    private final JdbcClient jdbc;
    private final ClusterBus bus;
    private final JsonMapper json;
    private final Clock clock;
    private final String append;
    private final String appendBatch;
    private final boolean signalsInStatement;
    /** Live actions waiting for the next batch (ADR 0087). */
    private final java.util.concurrent.ConcurrentLinkedQueue<Pending> pending =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Held by the one caller writing a batch for everyone waiting; one batch at a time per node. */
    private final java.util.concurrent.locks.ReentrantLock batching = new java.util.concurrent.locks.ReentrantLock();
    /** Told every event a batch wrote, in each room's order, before their writers are answered (the live hub). */
    private volatile java.util.function.Consumer<RoomEvent> written = e -> {};

    /** Batches written, and the live actions they held: how much writing together saved (tests, diagnostics). */
    final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();

    final java.util.concurrent.atomic.LongAdder batchedActions = new java.util.concurrent.atomic.LongAdder();

    /** Live actions written together at most: one statement's worth. */
    static final int MAX_BATCH = 256;

    /** One live action waiting for its batch, and where its outcome goes. */
    private record Pending(
            Room room,
            String kind,
            Optional<UUID> actor,
            ObjectNode body,
            java.time.Instant at,
            java.util.concurrent.CompletableFuture<Optional<RoomEvent>> done) {}

    EventLog(JdbcClient jdbc, ClusterBus bus, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.bus = bus;
        this.json = json;
        this.clock = clock;
        var notify = bus.publishExpression(TOPIC, "? || added.seq");
        this.signalsInStatement = notify.isPresent();
        // The number, the row and the signal in one statement: atomic on its own, or part of the caller's
        // transaction. A room that must be open and is not updates no row, so nothing is inserted or signalled.
        this.append = """
                with next as (
                    update classroom_room set last_seq = last_seq + 1
                    where school_id = ? and id = ? and (not ? or state = 'OPEN')
                    returning school_id, id, last_seq
                ), added as (
                    insert into classroom_event (school_id, room_id, seq, kind, actor_id, body, at)
                    select school_id, id, last_seq, cast(? as text), cast(? as uuid), cast(? as jsonb),
                           cast(? as timestamptz)
                    from next
                    returning seq
                )
                select added.seq""" + notify.map(n -> ", " + n).orElse("") + " from added";
        // Many rooms' live actions in one statement (ADR 0087): the rooms' rows locked in one order (so that two
        // nodes' batches never wait on each other in a cycle), each open room's number advanced by its actions,
        // the actions numbered in the order they came, one signal per room with its last number.
        var batchNotify = bus.publishExpression(TOPIC, "cast(added.room_id as text) || ? || max(added.seq)");
        this.appendBatch = """
                with input as (
                    select * from jsonb_to_recordset(cast(? as jsonb))
                        as t(ord int, school_id uuid, room_id uuid, kind text, actor_id uuid, body jsonb,
                             at timestamptz)
                ), locked as (
                    select r.school_id, r.id, r.state from classroom_room r
                    where (r.school_id, r.id) in (select school_id, room_id from input)
                    order by r.school_id, r.id
                    for update
                ), counted as (
                    select i.school_id, i.room_id, count(*) as n
                    from input i join locked l on l.school_id = i.school_id and l.id = i.room_id
                    where l.state = 'OPEN'
                    group by i.school_id, i.room_id
                ), next as (
                    update classroom_room r set last_seq = r.last_seq + c.n
                    from counted c where r.school_id = c.school_id and r.id = c.room_id
                    returning r.school_id, r.id, r.last_seq - c.n as base
                ), numbered as (
                    select i.*, next.base + row_number() over (partition by i.school_id, i.room_id order by i.ord)
                        as seq
                    from input i join next on next.school_id = i.school_id and next.id = i.room_id
                ), added as (
                    insert into classroom_event (school_id, room_id, seq, kind, actor_id, body, at)
                    select school_id, room_id, seq, kind, actor_id, body, at from numbered
                    returning room_id, seq
                )
                select ord, seq from numbered"""
                + batchNotify
                        .map(n -> " union all select -1, max(added.seq) + 0 * length(cast(" + n + " as text))"
                                + " from added group by added.room_id")
                        .orElse("");
    }

    /** Who is told every event a batch wrote, in each room's order (the live hub, to fan them out at once). */
    void onWritten(java.util.function.Consumer<RoomEvent> listener) {
        this.written = listener;
    }

    /** Appends in one statement (in the caller's transaction, if one is active), and signals every node. */
    RoomEvent append(Room room, String kind, Optional<UUID> actor, ObjectNode body) {
        return write(room, kind, actor, body, false).orElseThrow();
    }

    /**
     * Appends only if the room is open in the database (its row, which an opening or a closing writes with its
     * event): empty if it is not, whatever this node's copy of the room says. That is what makes a closing take
     * effect at once on every node, without a read before each action.
     */
    Optional<RoomEvent> appendIfOpen(Room room, String kind, Optional<UUID> actor, ObjectNode body) {
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isActualTransactionActive()) {
            return write(room, kind, actor, body, true);
        }
        var mine = new Pending(
                room,
                kind,
                actor,
                body.deepCopy(),
                RoomRepository.now(clock),
                new java.util.concurrent.CompletableFuture<>());
        pending.add(mine);
        drain();
        try {
            return mine.done.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /**
     * Writes what is waiting, a batch at a time, if no other caller is doing it (ADR 0087). A caller that finds the
     * lock taken leaves its action to the holder, who looks at the queue again after letting go: an action queued
     * while a batch was being written is never left behind. Under load, what arrives during one batch's round trip
     * and commit goes in the next: one statement and one commit for many actions, on one connection.
     */
    private void drain() {
        while (!pending.isEmpty() && batching.tryLock()) {
            try {
                List<Pending> batch = new java.util.ArrayList<>();
                for (Pending p = pending.poll(); p != null; p = batch.size() < MAX_BATCH ? pending.poll() : null) {
                    batch.add(p);
                }
                if (!batch.isEmpty()) {
                    writeBatch(batch);
                }
            } finally {
                batching.unlock();
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        var rows = json.createArrayNode();
        for (int i = 0; i < batch.size(); i++) {
            var p = batch.get(i);
            var row = rows.addObject();
            row.put("ord", i);
            row.put("school_id", p.room().schoolId().toString());
            row.put("room_id", p.room().id().toString());
            row.put("kind", p.kind());
            row.put("actor_id", p.actor().map(UUID::toString).orElse(null));
            row.set("body", p.body());
            row.put("at", p.at().toString());
        }
        var params = new java.util.ArrayList<Object>();
        params.add(json.writeValueAsString(rows));
        if (signalsInStatement) {
            params.add("/" + node + "/");
        }
        Map<Integer, Long> seqs = new HashMap<>();
        try {
            jdbc.sql(appendBatch).params(params).query(rs -> {
                int ord = rs.getInt(1);
                if (ord >= 0) {
                    seqs.put(ord, rs.getLong(2));
                }
            });
        } catch (RuntimeException e) {
            batch.forEach(p -> p.done().completeExceptionally(e));
            return;
        }
        batches.increment();
        batchedActions.add(batch.size());
        List<RoomEvent> events = new java.util.ArrayList<>();
        List<Optional<RoomEvent>> outcome = new java.util.ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            var p = batch.get(i);
            Long seq = seqs.get(i);
            var event = seq == null
                    ? Optional.<RoomEvent>empty()
                    : Optional.of(new RoomEvent(p.room().id(), seq, p.kind(), p.actor(), p.body(), p.at()));
            outcome.add(event);
            event.ifPresent(events::add);
        }
        if (!signalsInStatement) {
            Map<UUID, Long> last = new HashMap<>();
            events.forEach(e -> last.merge(e.roomId(), e.seq(), Math::max));
            last.forEach((room, seq) -> bus.publish(TOPIC, signal(room, "") + seq));
        }
        events.sort(java.util.Comparator.comparing((RoomEvent e) -> e.roomId()).thenComparingLong(RoomEvent::seq));
        for (RoomEvent e : events) {
            try {
                written.accept(e);
            } catch (RuntimeException ex) {
                // The hub catches up from the table on the next event; the writer must still be answered.
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done().complete(outcome.get(i));
        }
    }

    private Optional<RoomEvent> write(Room room, String kind, Optional<UUID> actor, ObjectNode body, boolean open) {
        var at = RoomRepository.now(clock);
        var params = new java.util.ArrayList<Object>();
        params.add(room.schoolId());
        params.add(room.id());
        params.add(open);
        params.add(kind);
        params.add(actor.orElse(null));
        params.add(json.writeValueAsString(body));
        params.add(Timestamp.from(at));
        if (signalsInStatement) {
            params.add(signal(room.id(), ""));
        }
        var seq =
                jdbc.sql(append).params(params).query((rs, n) -> rs.getLong(1)).optional();
        if (seq.isPresent() && !signalsInStatement) {
            bus.publish(TOPIC, signal(room.id(), "") + seq.get());
        }
        return seq.map(s -> new RoomEvent(room.id(), s, kind, actor, body.deepCopy(), at));
    }

    /** "room/node/", which the number completes: what a signal says. */
    private String signal(UUID roomId, String tail) {
        return roomId + "/" + node + "/" + tail;
    }

    /** A signal read back: the room, the node that wrote, the number written (empty for a signal of another form). */
    record Signal(UUID roomId, Optional<String> node, long seq) {
        static Optional<Signal> parse(String payload) {
            try {
                String[] parts = payload.split("/", -1);
                if (parts.length == 3) {
                    return Optional.of(
                            new Signal(UUID.fromString(parts[0]), Optional.of(parts[1]), Long.parseLong(parts[2])));
                }
                return Optional.of(new Signal(UUID.fromString(payload), Optional.empty(), Long.MAX_VALUE));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** The room's events after {@code afterSeq}, in order. */
    List<RoomEvent> since(Room room, long afterSeq) {
        return jdbc.sql("""
                        select seq, kind, actor_id, body::text as body, at from classroom_event
                        where school_id = ? and room_id = ? and seq > ? order by seq""")
                .params(room.schoolId(), room.id(), afterSeq)
                .query((rs, n) -> new RoomEvent(
                        room.id(),
                        rs.getLong("seq"),
                        rs.getString("kind"),
                        Optional.ofNullable(rs.getObject("actor_id", UUID.class)),
                        (ObjectNode) json.readTree(rs.getString("body")),
                        rs.getTimestamp("at").toInstant()))
                .list();
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    JsonMapper json() {
        return json;
    }
}
