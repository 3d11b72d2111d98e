package org.preau.classroom.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.platform.ClusterBus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Appends a room's events with their sequence numbers and reads them back. The number is taken by incrementing the
 * room row's {@code last_seq} in the same transaction as the insert, so the row lock orders concurrent writers of one
 * room (on any node) and numbers have no gap and no repeat. The other nodes are told through the {@link ClusterBus}
 * (PostgreSQL NOTIFY, sent only if the transaction commits): the signal carries no data, only "room R has news";
 * each node then reads what it has not seen from the table, so a lost signal delays but never loses an event.
 */
@Component
class EventLog {

    static final String TOPIC = "classroom.room";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ClusterBus bus;
    private final JsonMapper json;
    private final Clock clock;

    EventLog(JdbcClient jdbc, TransactionTemplate tx, ClusterBus bus, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.bus = bus;
        this.json = json;
        this.clock = clock;
    }

    /** Appends in its own transaction (or the caller's, if one is active), and signals every node. */
    RoomEvent append(Room room, String kind, Optional<UUID> actor, ObjectNode body) {
        return tx.execute(status -> {
            long seq = jdbc.sql(
                            "update classroom_room set last_seq = last_seq + 1 where school_id = ? and id = ? returning last_seq")
                    .params(room.schoolId(), room.id())
                    .query(Long.class)
                    .single();
            var at = RoomRepository.now(clock);
            jdbc.sql("""
                            insert into classroom_event (school_id, room_id, seq, kind, actor_id, body, at)
                            values (?, ?, ?, ?, ?, cast(? as jsonb), ?)""")
                    .params(
                            room.schoolId(),
                            room.id(),
                            seq,
                            kind,
                            actor.orElse(null),
                            json.writeValueAsString(body),
                            Timestamp.from(at))
                    .update();
            bus.publish(TOPIC, room.id().toString());
            return new RoomEvent(room.id(), seq, kind, actor, body, at);
        });
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
