package org.preau.admin.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.platform.audit.AuditEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code audit_log} table: written from every module's {@link AuditEvent}s, read newest first by key. The listener
 * is an {@code @ApplicationModuleListener}: it runs after the action's transaction committed, in its own transaction,
 * and the event publication registry redelivers the event if it failed (a crash, the database gone), so nothing
 * committed is ever missing from the log; the event's id as key makes a redelivery harmless.
 */
@Repository
class AuditLog {

    /** One line of the log, as stored. */
    record Entry(
            UUID id,
            Instant at,
            String action,
            UUID actorId,
            Optional<UUID> schoolId,
            Optional<UUID> targetId,
            Map<String, String> detail) {}

    private static final TypeReference<LinkedHashMap<String, String>> DETAIL = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditLog(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @ApplicationModuleListener
    void on(AuditEvent event) {
        jdbc.sql("""
                        insert into audit_log (id, at, action, actor_id, school_id, target_id, detail)
                        values (?, ?, ?, ?, ?, ?, ?::jsonb)
                        on conflict (id) do nothing""")
                .params(
                        event.id(),
                        OffsetDateTime.ofInstant(event.at(), ZoneOffset.UTC),
                        event.action(),
                        event.actorId(),
                        event.schoolId().orElse(null),
                        event.targetId().orElse(null),
                        json.writeValueAsString(event.detail()))
                .update();
    }

    /**
     * A page of the log, newest first: of these schools only, or everything (school-less entries included) when
     * {@code schools} is empty; after the entry {@code before} (the last of the previous page) when given.
     */
    List<Entry> page(Optional<Collection<UUID>> schools, Optional<UUID> before, int limit) {
        var sql = new StringBuilder("""
                select id, at, action, actor_id, school_id, target_id, detail::text as detail from audit_log
                 where true""");
        var params = new ArrayList<Object>();
        schools.ifPresent(ids -> {
            sql.append(" and school_id = any(?::uuid[])");
            params.add(ids.stream().map(UUID::toString).toArray(String[]::new));
        });
        before.ifPresent(id -> {
            sql.append(" and (at, id) < (select b.at, b.id from audit_log b where b.id = ?)");
            params.add(id);
        });
        sql.append(" order by at desc, id desc limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> new Entry(
                        rs.getObject("id", UUID.class),
                        rs.getObject("at", OffsetDateTime.class).toInstant(),
                        rs.getString("action"),
                        rs.getObject("actor_id", UUID.class),
                        Optional.ofNullable(rs.getObject("school_id", UUID.class)),
                        Optional.ofNullable(rs.getObject("target_id", UUID.class)),
                        json.readValue(rs.getString("detail"), DETAIL)))
                .list();
    }
}
