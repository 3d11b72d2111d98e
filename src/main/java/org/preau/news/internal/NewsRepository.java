package org.preau.news.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.news.NewsItem;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The news_item table: plain SQL with bound parameters. */
@Repository
class NewsRepository {

    /** What the cache holds per school at most: far more than a school publishes and keeps current at once. */
    static final int CURRENT_LIMIT = 500;

    private static final String COLUMNS =
            "school_id, id, audience_id, audience_name, title, body_html, author_name, publish_at, expires_at, pinned";

    /** An item with what only its managers see. */
    record Stored(NewsItem item, UUID authorId, String bodySource, Optional<Instant> withdrawnAt) {}

    private final JdbcClient jdbc;

    NewsRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(NewsItem item, String audienceKind, String bodySource, UUID authorId, Instant now) {
        jdbc.sql("""
                        insert into news_item (school_id, id, audience_id, audience_kind, audience_name, title, body_html,
                            body_source, author_id, author_name, publish_at, expires_at, pinned, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        item.schoolId(),
                        item.id(),
                        item.audienceId().orElse(null),
                        audienceKind,
                        item.audienceName(),
                        item.title(),
                        item.bodyHtml(),
                        bodySource,
                        authorId,
                        item.authorName(),
                        ts(item.publishAt()),
                        item.expiresAt().map(NewsRepository::ts).orElse(null),
                        item.pinned(),
                        ts(now),
                        ts(now))
                .update();
    }

    /** The school's news not withdrawn and not expired at {@code now}, published or scheduled, newest first. */
    List<NewsItem> current(UUID schoolId, Instant now) {
        return jdbc.sql("select " + COLUMNS + """
                         from news_item
                        where school_id = ? and withdrawn_at is null and (expires_at is null or expires_at > ?)
                        order by publish_at desc
                        limit ?""")
                .params(schoolId, ts(now), CURRENT_LIMIT)
                .query(NewsRepository::item)
                .list();
    }

    Optional<Stored> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + ", author_id, body_source, withdrawn_at from news_item where id = ?")
                .param(id)
                .query((rs, n) -> new Stored(
                        item(rs, n),
                        rs.getObject("author_id", UUID.class),
                        rs.getString("body_source"),
                        instant(rs, "withdrawn_at")))
                .optional();
    }

    /**
     * What these managers see on their list, newest first: every item of {@code wholeSchools} and the items
     * {@code authorId} wrote anywhere, including scheduled, expired and withdrawn ones.
     */
    List<Stored> managed(Collection<UUID> wholeSchools, UUID authorId, int limit) {
        return jdbc.sql("select " + COLUMNS + ", author_id, body_source, withdrawn_at from news_item"
                        + " where school_id = any(?) or author_id = ? order by created_at desc limit ?")
                .params(wholeSchools.toArray(UUID[]::new), authorId, limit)
                .query((rs, n) -> new Stored(
                        item(rs, n),
                        rs.getObject("author_id", UUID.class),
                        rs.getString("body_source"),
                        instant(rs, "withdrawn_at")))
                .list();
    }

    int pin(UUID schoolId, UUID id, boolean pinned, Instant now) {
        return jdbc.sql("update news_item set pinned = ?, updated_at = ? where school_id = ? and id = ?"
                        + " and withdrawn_at is null")
                .params(pinned, ts(now), schoolId, id)
                .update();
    }

    int withdraw(UUID schoolId, UUID id, UUID by, Instant now) {
        return jdbc.sql("update news_item set withdrawn_at = ?, withdrawn_by = ?, updated_at = ?"
                        + " where school_id = ? and id = ? and withdrawn_at is null")
                .params(ts(now), by, ts(now), schoolId, id)
                .update();
    }

    private static NewsItem item(ResultSet rs, int n) throws SQLException {
        return new NewsItem(
                rs.getObject("school_id", UUID.class),
                rs.getObject("id", UUID.class),
                Optional.ofNullable(rs.getObject("audience_id", UUID.class)),
                rs.getString("audience_name"),
                rs.getString("title"),
                rs.getString("body_html"),
                rs.getString("author_name"),
                rs.getTimestamp("publish_at").toInstant(),
                instant(rs, "expires_at"),
                rs.getBoolean("pinned"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    private static Timestamp ts(Instant at) {
        return Timestamp.from(at);
    }
}
