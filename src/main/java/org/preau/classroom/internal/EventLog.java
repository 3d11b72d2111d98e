package org.preau.classroom.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
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
    private final boolean signalsInStatement;

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
        return write(room, kind, actor, body, true);
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
