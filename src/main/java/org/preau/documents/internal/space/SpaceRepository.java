package org.preau.documents.internal.space;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of personal spaces and shares. */
@Repository
class SpaceRepository {

    private static final String COLUMNS = """
            school_id, id, owner_id, parent_id, kind, name, content_type, size_bytes, blob_key, trashed_at, updated_at""";

    private final JdbcClient jdbc;

    SpaceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static java.time.OffsetDateTime ts(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static Node node(ResultSet rs, int n) throws SQLException {
        Timestamp trashed = rs.getTimestamp(10);
        return new Node(
                rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class),
                rs.getObject(3, UUID.class),
                Optional.ofNullable(rs.getObject(4, UUID.class)),
                rs.getString(5).equals("FOLDER"),
                rs.getString(6),
                Optional.ofNullable(rs.getString(7)).orElse(""),
                rs.getLong(8),
                Optional.ofNullable(rs.getString(9)),
                Optional.ofNullable(trashed).map(Timestamp::toInstant),
                rs.getTimestamp(11).toInstant());
    }

    /** The account's space, created in {@code schoolId} if it has none, locked until the transaction ends. */
    UUID lockSpace(UUID accountId, UUID schoolId, Instant now) {
        jdbc.sql(
                        "insert into documents_space (account_id, school_id, created_at) values (?, ?, ?) on conflict do nothing")
                .params(accountId, schoolId, ts(now))
                .update();
        return jdbc.sql("select school_id from documents_space where account_id = ? for update")
                .param(accountId)
                .query(UUID.class)
                .single();
    }

    Optional<UUID> spaceSchool(UUID accountId) {
        return jdbc.sql("select school_id from documents_space where account_id = ?")
                .param(accountId)
                .query(UUID.class)
                .optional();
    }

    /** Bytes of every file the account owns, trash included: the quota's figure, counted, never kept. */
    long used(UUID accountId) {
        return jdbc.sql("select coalesce(sum(size_bytes), 0) from documents_node where owner_id = ? and kind = 'FILE'")
                .param(accountId)
                .query(Long.class)
                .single();
    }

    Optional<Node> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from documents_node where id = ?")
                .param(id)
                .query(SpaceRepository::node)
                .optional();
    }

    List<Node> children(UUID ownerId, Optional<UUID> parentId) {
        return jdbc.sql("select " + COLUMNS + """
                         from documents_node where owner_id = ? and parent_id is not distinct from ? and trashed_at is null
                        order by kind desc, lower(name), id""")
                .params(ownerId, parentId.orElse(null))
                .query(SpaceRepository::node)
                .list();
    }

    /** Children of a folder whoever owns it (a shared folder's contents). */
    List<Node> childrenOf(UUID folderId) {
        return jdbc.sql("select " + COLUMNS + """
                         from documents_node where parent_id = ? and trashed_at is null
                        order by kind desc, lower(name), id""")
                .param(folderId)
                .query(SpaceRepository::node)
                .list();
    }

    /** Trashed nodes whose parent is not trashed too (what the trash lists; their contents come back with them). */
    List<Node> trash(UUID ownerId) {
        return jdbc.sql("select " + COLUMNS + """
                         from documents_node n where owner_id = ? and trashed_at is not null
                          and not exists (select 1 from documents_node p where p.id = n.parent_id and p.trashed_at is not null)
                        order by trashed_at desc, id""")
                .param(ownerId)
                .query(SpaceRepository::node)
                .list();
    }

    /** The node and its ancestors, nearest first. */
    List<Node> chain(UUID id) {
        return jdbc.sql("with recursive up(id, depth) as (select ?::uuid, 0 union all "
                        + "select n.parent_id, up.depth + 1 from documents_node n join up on n.id = up.id "
                        + "where n.parent_id is not null and up.depth < 64) "
                        + "select " + prefixed("n")
                        + " from up join documents_node n on n.id = up.id order by up.depth")
                .param(id)
                .query(SpaceRepository::node)
                .list();
    }

    /** The node and everything under it. */
    List<Node> subtree(UUID id) {
        return jdbc.sql("with recursive down(id, depth) as (select ?::uuid, 0 union all "
                        + "select n.id, down.depth + 1 from documents_node n join down on n.parent_id = down.id "
                        + "where down.depth < 64) "
                        + "select " + prefixed("n") + " from down join documents_node n on n.id = down.id")
                .param(id)
                .query(SpaceRepository::node)
                .list();
    }

    private static String prefixed(String alias) {
        return String.join(
                ", ",
                java.util.Arrays.stream(COLUMNS.split(","))
                        .map(c -> alias + "." + c.strip())
                        .toList());
    }

    void insert(Node n, Instant now) {
        jdbc.sql("""
                        insert into documents_node (school_id, id, owner_id, parent_id, kind, name, content_type,
                            size_bytes, blob_key, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        n.schoolId(),
                        n.id(),
                        n.ownerId(),
                        n.parentId().orElse(null),
                        n.folder() ? "FOLDER" : "FILE",
                        n.name(),
                        n.folder() ? null : n.contentType(),
                        n.sizeBytes(),
                        n.blobKey().orElse(null),
                        ts(now),
                        ts(now))
                .update();
    }

    boolean nameTaken(UUID ownerId, Optional<UUID> parentId, String name, Optional<UUID> except) {
        return jdbc.sql("""
                        select exists (select 1 from documents_node where owner_id = ? and parent_id is not distinct from ?
                          and lower(name) = lower(?) and trashed_at is null and id is distinct from ?)""")
                .params(ownerId, parentId.orElse(null), name, except.orElse(null))
                .query(Boolean.class)
                .single();
    }

    void rename(UUID id, String name, Instant now) {
        jdbc.sql("update documents_node set name = ?, updated_at = ? where id = ?")
                .params(name, ts(now), id)
                .update();
    }

    void move(UUID id, Optional<UUID> parentId, Instant now) {
        jdbc.sql("update documents_node set parent_id = ?, updated_at = ? where id = ?")
                .params(parentId.orElse(null), ts(now), id)
                .update();
    }

    void setTrashed(Collection<UUID> ids, Optional<Instant> at) {
        jdbc.sql("update documents_node set trashed_at = ? where id = any(?)")
                .params(at.map(SpaceRepository::ts).orElse(null), ids.toArray(UUID[]::new))
                .update();
    }

    void delete(Collection<UUID> ids) {
        jdbc.sql("delete from documents_share where node_id = any(?)")
                .param(ids.toArray(UUID[]::new))
                .update();
        jdbc.sql("delete from documents_node where id = any(?)")
                .param(ids.toArray(UUID[]::new))
                .update();
    }

    void share(UUID schoolId, UUID nodeId, String kind, UUID targetId, UUID by, Instant now) {
        jdbc.sql("""
                        insert into documents_share (school_id, node_id, target_kind, target_id, shared_by, created_at)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing""").params(schoolId, nodeId, kind, targetId, by, ts(now)).update();
    }

    void unshare(UUID nodeId, String kind, UUID targetId) {
        jdbc.sql("delete from documents_share where node_id = ? and target_kind = ? and target_id = ?")
                .params(nodeId, kind, targetId)
                .update();
    }

    /** A share of a node. */
    record Share(String kind, UUID targetId) {}

    List<Share> sharesOf(UUID nodeId) {
        return jdbc.sql("select target_kind, target_id from documents_share where node_id = ? order by created_at")
                .param(nodeId)
                .query((rs, n) -> new Share(rs.getString(1), rs.getObject(2, UUID.class)))
                .list();
    }

    /** Whether any of {@code nodeIds} is shared with any of {@code targets}. */
    boolean sharedWithAny(Collection<UUID> nodeIds, Collection<UUID> targets) {
        return jdbc.sql("select exists (select 1 from documents_share where node_id = any(?) and target_id = any(?))")
                .params(nodeIds.toArray(UUID[]::new), targets.toArray(UUID[]::new))
                .query(Boolean.class)
                .single();
    }

    /** Nodes shared directly with any of {@code targets}, not trashed, not the reader's own. */
    List<Node> sharedWith(Collection<UUID> targets, UUID reader) {
        return jdbc.sql("select distinct " + prefixed("n") + """
                         from documents_share s join documents_node n on n.id = s.node_id
                        where s.target_id = any(?) and n.trashed_at is null and n.owner_id <> ?
                        order by n.updated_at desc, n.id limit 500""")
                .params(targets.toArray(UUID[]::new), reader)
                .query(SpaceRepository::node)
                .list();
    }
}
