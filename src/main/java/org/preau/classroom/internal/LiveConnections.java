package org.preau.classroom.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The live connections every node holds, and the nodes' heartbeats, in PostgreSQL (ADR 0058). A room's presence is
 * folded from its joins and leaves; these rows say which joins still have a live node behind them, so that the
 * connections of a node that crashed (and wrote no leaves) can be given their leaves by another node.
 */
@Repository
class LiveConnections {

    /** A connection's row: enough to write its leave without the node that held it. */
    record Row(String connection, UUID schoolId, UUID roomId, UUID accountId, String node) {}

    private final JdbcClient jdbc;

    LiveConnections(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(String connection, Room room, UUID accountId, String node, Instant at) {
        jdbc.sql("""
                        insert into classroom_connection (conn, school_id, room_id, account_id, node, joined_at)
                        values (?, ?, ?, ?, ?, ?) on conflict (conn) do nothing""")
                .params(connection, room.schoolId(), room.id(), accountId, node, Timestamp.from(at))
                .update();
    }

    /**
     * Removes the connection's row; present only to the one transaction that removed it, so the caller writes its
     * leave once, whichever node (its own, or one cleaning up after a crash) gets there first.
     */
    Optional<Row> remove(String connection) {
        return jdbc.sql("""
                        delete from classroom_connection where conn = ?
                        returning conn, school_id, room_id, account_id, node""")
                .param(connection)
                .query((rs, n) -> new Row(
                        rs.getString("conn"),
                        rs.getObject("school_id", UUID.class),
                        rs.getObject("room_id", UUID.class),
                        rs.getObject("account_id", UUID.class),
                        rs.getString("node")))
                .optional();
    }

    /**
     * Records that this node is alive now (the database's clock, the same for every node). Returns true when the
     * node's row had to be created: at its first beat, or after other nodes took it for lost and removed it.
     */
    boolean beat(String node) {
        return jdbc.sql("""
                        insert into classroom_node (node, started_at, seen_at) values (?, now(), now())
                        on conflict (node) do update set seen_at = now()
                        returning (xmax = 0) as inserted""").param(node).query(Boolean.class).single();
    }

    /** The connections whose node has not been seen for {@code lostAfter} (or has no row at all). */
    List<Row> orphans(Duration lostAfter) {
        return jdbc.sql("""
                        select conn, school_id, room_id, account_id, node from classroom_connection c
                        where not exists (select 1 from classroom_node n
                                          where n.node = c.node and n.seen_at > now() - make_interval(secs => ?))
                        order by joined_at""")
                .param(lostAfter.toMillis() / 1000.0)
                .query((rs, n) -> new Row(
                        rs.getString("conn"),
                        rs.getObject("school_id", UUID.class),
                        rs.getObject("room_id", UUID.class),
                        rs.getObject("account_id", UUID.class),
                        rs.getString("node")))
                .list();
    }

    List<String> ofNode(String node) {
        return jdbc.sql("select conn from classroom_connection where node = ?")
                .param(node)
                .query(String.class)
                .list();
    }

    /** Forgets the nodes not seen for {@code lostAfter} that hold no connection any more. */
    void forgetLostNodes(Duration lostAfter) {
        jdbc.sql("""
                        delete from classroom_node n where n.seen_at < now() - make_interval(secs => ?)
                        and not exists (select 1 from classroom_connection c where c.node = n.node)""").param(lostAfter.toMillis() / 1000.0).update();
    }

    void forgetNode(String node) {
        jdbc.sql("delete from classroom_node where node = ?").param(node).update();
    }
}
