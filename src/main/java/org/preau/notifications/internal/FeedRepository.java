package org.preau.notifications.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.notifications.NotificationKind;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The notification table: plain SQL with bound parameters. */
@Repository
class FeedRepository {

    /** A notification to write for one person. */
    record Delivery(
            UUID accountId,
            String sourceKey,
            NotificationKind kind,
            List<String> args,
            String link,
            Optional<UUID> schoolId,
            Instant visibleAt) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    FeedRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Writes these notifications in one batch, skipping any that exists already for the same person and source
     * (a redelivered event): returns those actually written.
     */
    List<Notification> insertNew(List<Delivery> deliveries, Instant now) {
        if (deliveries.isEmpty()) {
            return List.of();
        }
        var ids = new ArrayList<UUID>(deliveries.size());
        deliveries.forEach(d -> ids.add(Ids.newId()));
        int[][] counts = template.batchUpdate("""
                insert into notification (account_id, id, source_key, kind, args, link, school_id, visible_at, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (account_id, source_key) do nothing""", indexed(deliveries), 500, (ps, d) -> {
            ps.setObject(1, d.delivery().accountId());
            ps.setObject(2, ids.get(d.index()));
            ps.setString(3, d.delivery().sourceKey());
            ps.setString(4, d.delivery().kind().name());
            Array args =
                    ps.getConnection().createArrayOf("text", d.delivery().args().toArray());
            ps.setArray(5, args);
            ps.setString(6, d.delivery().link());
            ps.setObject(7, d.delivery().schoolId().orElse(null));
            ps.setTimestamp(8, Timestamp.from(d.delivery().visibleAt()));
            ps.setTimestamp(9, Timestamp.from(now));
        });
        var written = new ArrayList<Notification>();
        int i = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                if (count > 0) {
                    var d = deliveries.get(i);
                    written.add(new Notification(
                            d.accountId(), ids.get(i), d.kind(), d.args(), d.link(), d.visibleAt(), Optional.empty()));
                }
                i++;
            }
        }
        return written;
    }

    private record Indexed(int index, Delivery delivery) {}

    private static List<Indexed> indexed(List<Delivery> deliveries) {
        var out = new ArrayList<Indexed>(deliveries.size());
        for (int i = 0; i < deliveries.size(); i++) {
            out.add(new Indexed(i, deliveries.get(i)));
        }
        return out;
    }

    /** One page of a person's feed at {@code now}, newest first, after the key {@code (beforeAt, beforeId)}. */
    List<Notification> page(UUID accountId, Instant now, Optional<FeedCursor> before, int limit) {
        Instant at = before.map(FeedCursor::visibleAt).orElse(now.plusNanos(1000));
        UUID id = before.map(FeedCursor::id).orElse(new UUID(-1L, -1L));
        return jdbc.sql("""
                        select account_id, id, kind, args, link, visible_at, read_at from notification
                        where account_id = ? and visible_at <= ? and (visible_at, id) < (?, ?)
                        order by visible_at desc, id desc limit ?""")
                .params(accountId, Timestamp.from(now), Timestamp.from(at), id, limit)
                .query(FeedRepository::row)
                .list();
    }

    int unread(UUID accountId, Instant now) {
        return jdbc.sql(
                        "select count(*) from notification where account_id = ? and read_at is null and visible_at <= ?")
                .params(accountId, Timestamp.from(now))
                .query(Integer.class)
                .single();
    }

    Optional<Notification> find(UUID accountId, UUID id) {
        return jdbc.sql("select account_id, id, kind, args, link, visible_at, read_at from notification"
                        + " where account_id = ? and id = ?")
                .params(accountId, id)
                .query(FeedRepository::row)
                .optional();
    }

    void markRead(UUID accountId, UUID id, Instant now) {
        jdbc.sql("update notification set read_at = ? where account_id = ? and id = ? and read_at is null")
                .params(Timestamp.from(now), accountId, id)
                .update();
    }

    int markAllRead(UUID accountId, Instant now) {
        return jdbc.sql("update notification set read_at = ? where account_id = ? and read_at is null"
                        + " and visible_at <= ?")
                .params(Timestamp.from(now), accountId, Timestamp.from(now))
                .update();
    }

    /** A person's unread notifications that became visible in (since, until], oldest first, for their digest. */
    List<Notification> unreadBetween(UUID accountId, Optional<Instant> since, Instant until, int limit) {
        return jdbc.sql("""
                        select account_id, id, kind, args, link, visible_at, read_at from notification
                        where account_id = ? and read_at is null and visible_at > ? and visible_at <= ?
                        order by visible_at, id limit ?""")
                .params(
                        accountId,
                        Timestamp.from(since.orElse(until.minus(java.time.Duration.ofDays(1)))),
                        Timestamp.from(until),
                        limit)
                .query(FeedRepository::row)
                .list();
    }

    /** Drops notifications older than {@code before}: the feed is news, not an archive. */
    int purge(Instant before) {
        return jdbc.sql("delete from notification where visible_at < ?")
                .param(Timestamp.from(before))
                .update();
    }

    static List<UUID> accounts(Collection<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::accountId).distinct().toList();
    }

    private static Notification row(ResultSet rs, int n) throws SQLException {
        Timestamp read = rs.getTimestamp("read_at");
        return new Notification(
                rs.getObject("account_id", UUID.class),
                rs.getObject("id", UUID.class),
                NotificationKind.valueOf(rs.getString("kind")),
                Arrays.asList((String[]) rs.getArray("args").getArray()),
                rs.getString("link"),
                rs.getTimestamp("visible_at").toInstant(),
                read == null ? Optional.empty() : Optional.of(read.toInstant()));
    }
}
