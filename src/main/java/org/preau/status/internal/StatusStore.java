package org.preau.status.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The status module's tables. Memory is the truth on each node and this is its history: every write is an
 * idempotent upsert of something already decided in memory, so a write retried after the database came back
 * changes nothing twice (docs/adr/0033).
 */
@Repository
class StatusStore {

    private final JdbcClient jdbc;

    StatusStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void save(Incident incident) {
        jdbc.sql("""
                        insert into status_incident
                            (id, component_id, kind, severity, operator, node, started_at, ended_at, seen_at,
                             updated_at)
                        values (:id, :component, :kind, :severity, :operator, :node, :started, :ended, :seen, now())
                        on conflict (id) do update
                            set severity = excluded.severity,
                                -- Two nodes closing the same incident: the first end written stays (ADR 0070).
                                ended_at = coalesce(status_incident.ended_at, excluded.ended_at),
                                seen_at = greatest(status_incident.seen_at, excluded.seen_at),
                                updated_at = now()
                        """)
                .param("id", incident.id())
                .param("component", incident.componentId())
                .param("kind", incident.kind().name())
                .param("severity", incident.severity().name())
                .param("operator", incident.operator())
                .param("node", incident.node())
                .param("started", Timestamp.from(incident.started()))
                .param("ended", incident.ended().map(Timestamp::from).orElse(null))
                .param("seen", Timestamp.from(incident.seen()))
                .update();
        for (var u : incident.updates()) {
            jdbc.sql("""
                            insert into status_incident_update
                                (id, incident_id, posted_at, author_id, message_key, text_fr, text_en)
                            values (:id, :incident, :at, :author, :key, :fr, :en)
                            on conflict (id) do nothing
                            """)
                    .param("id", u.id())
                    .param("incident", incident.id())
                    .param("at", Timestamp.from(u.at()))
                    .param("author", u.author().orElse(null))
                    .param("key", u.key().orElse(null))
                    .param("fr", u.textFr())
                    .param("en", u.textEn())
                    .update();
        }
    }

    /** A node saw what opened this incident at {@code at}: kept if later than what is stored. */
    void seen(UUID incident, Instant at) {
        jdbc.sql("update status_incident set seen_at = greatest(seen_at, :at) where id = :id")
                .param("id", incident)
                .param("at", Timestamp.from(at))
                .update();
    }

    void save(Health.Minute m) {
        jdbc.sql("""
                        insert into status_probe_minute
                            (component_id, node, minute, probes, failures, latency_sum_micros, latency_max_micros)
                        values (:component, :node, :minute, :probes, :failures, :sum, :max)
                        on conflict (component_id, node, minute) do update
                            set probes = excluded.probes, failures = excluded.failures,
                                latency_sum_micros = excluded.latency_sum_micros,
                                latency_max_micros = excluded.latency_max_micros
                        """)
                .param("component", m.componentId())
                .param("node", m.node())
                .param("minute", Timestamp.from(m.minute()))
                .param("probes", m.probes())
                .param("failures", m.failures())
                .param("sum", m.sumMicros())
                .param("max", m.maxMicros())
                .update();
    }

    /** Incidents that started after {@code since} or are still open, with their updates, oldest first. */
    List<Incident> incidents(Instant since) {
        return load("started_at >= :since or ended_at is null", Map.of("since", Timestamp.from(since)));
    }

    Optional<Incident> incident(UUID id) {
        return load("id = :id", Map.of("id", id)).stream().findFirst();
    }

    private List<Incident> load(String where, Map<String, Object> params) {
        record Row(
                UUID id,
                String component,
                String kind,
                String severity,
                String operator,
                String node,
                Instant started,
                Instant ended,
                Instant seen) {}
        var rows = jdbc.sql("select id, component_id, kind, severity, operator, node, started_at, ended_at,"
                        + " coalesce(seen_at, started_at) as seen_at"
                        + " from status_incident where " + where + " order by started_at")
                .params(params)
                .query((rs, n) -> new Row(
                        rs.getObject("id", UUID.class),
                        rs.getString("component_id"),
                        rs.getString("kind"),
                        rs.getString("severity"),
                        rs.getString("operator"),
                        rs.getString("node"),
                        rs.getTimestamp("started_at").toInstant(),
                        rs.getTimestamp("ended_at") == null
                                ? null
                                : rs.getTimestamp("ended_at").toInstant(),
                        rs.getTimestamp("seen_at").toInstant()))
                .list();
        var updates = new LinkedHashMap<UUID, List<Incident.Update>>();
        rows.forEach(r -> updates.put(r.id(), new ArrayList<>()));
        if (!rows.isEmpty()) {
            jdbc.sql("""
                            select id, incident_id, posted_at, author_id, message_key, text_fr, text_en
                            from status_incident_update where incident_id in (:ids) order by posted_at, id
                            """)
                    .param("ids", List.copyOf(updates.keySet()))
                    .query((rs, n) -> {
                        updates.get(rs.getObject("incident_id", UUID.class))
                                .add(new Incident.Update(
                                        rs.getObject("id", UUID.class),
                                        rs.getTimestamp("posted_at").toInstant(),
                                        Optional.ofNullable(rs.getObject("author_id", UUID.class)),
                                        Optional.ofNullable(rs.getString("message_key")),
                                        rs.getString("text_fr"),
                                        rs.getString("text_en")));
                        return null;
                    })
                    .list();
        }
        return rows.stream()
                .map(r -> new Incident(
                        r.id(),
                        r.component(),
                        Incident.Kind.valueOf(r.kind()),
                        Incident.Severity.valueOf(r.severity()),
                        r.operator(),
                        r.node(),
                        r.started(),
                        Optional.ofNullable(r.ended()),
                        updates.get(r.id()),
                        r.seen()))
                .toList();
    }

    /** This node's minutes since {@code since}, oldest first. */
    List<Health.Minute> minutes(String node, Instant since) {
        return jdbc.sql("""
                        select component_id, node, minute, probes, failures, latency_sum_micros, latency_max_micros
                        from status_probe_minute where node = :node and minute >= :since order by minute
                        """)
                .param("node", node)
                .param("since", Timestamp.from(since))
                .query((rs, n) -> new Health.Minute(
                        rs.getString("component_id"),
                        rs.getString("node"),
                        rs.getTimestamp("minute").toInstant(),
                        rs.getInt("probes"),
                        rs.getInt("failures"),
                        rs.getLong("latency_sum_micros"),
                        rs.getLong("latency_max_micros")))
                .list();
    }

    /** Drops probe minutes and closed incidents older than {@code before} (the page shows 30 days). */
    void prune(Instant before) {
        jdbc.sql("delete from status_probe_minute where minute < :before")
                .param("before", Timestamp.from(before))
                .update();
        jdbc.sql("delete from status_incident where ended_at < :before")
                .param("before", Timestamp.from(before))
                .update();
    }
}
