package org.preau.surge.internal;

import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.preau.platform.ClusterBus;
import org.preau.platform.audit.AuditEvent;
import org.preau.surge.SurgeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator settings as this node knows them: read from PostgreSQL at start, re-read whenever any node
 * publishes {@code surge} on the {@link ClusterBus} (and every 30 s, in case a signal was lost), so that a change
 * made on one node takes effect on all of them within about a second.
 */
@Component
@DependsOnDatabaseInitialization
class SettingsStore {

    static final String TOPIC = "surge";
    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);

    private final JdbcClient jdbc;
    private final ClusterBus bus;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final List<Consumer<SurgeSettings>> listeners = new CopyOnWriteArrayList<>();
    private volatile SurgeSettings current = SurgeSettings.defaults();

    SettingsStore(JdbcClient jdbc, ClusterBus bus, JsonMapper json, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.bus = bus;
        this.json = json;
        this.events = events;
        this.clock = clock;
        reload();
        bus.subscribe(TOPIC, payload -> reload());
    }

    SurgeSettings current() {
        return current;
    }

    /** Calls {@code listener} now and after every change. */
    void onChange(Consumer<SurgeSettings> listener) {
        listeners.add(listener);
        listener.accept(current);
    }

    /** Stores the settings for every node and audits what changed ({@code surge.settings}), in one transaction. */
    @Transactional
    void save(SurgeSettings settings, UUID by) {
        var before = jdbc.sql("select value from surge_setting where name = 'settings' for update")
                .query(String.class)
                .optional()
                .map(v -> json.readValue(v, SurgeSettings.class))
                .orElseGet(SurgeSettings::defaults);
        jdbc.sql("""
                        insert into surge_setting (name, value, updated_at, updated_by) values ('settings', ?, now(), ?)
                        on conflict (name) do update set value = excluded.value, updated_at = now(),
                        updated_by = excluded.updated_by""").params(json.writeValueAsString(settings), by).update();
        // Delivered after commit, to every node including this one.
        bus.publish(TOPIC, "settings");
        String changes = changes(before, settings);
        if (!changes.isEmpty()) {
            events.publishEvent(AuditEvent.of(AUDIT_ACTION, by, clock).with("changes", changes));
        }
    }

    /** Audit action code (label {@code audit.surge.settings} in surge's bundle). */
    static final String AUDIT_ACTION = "surge.settings";

    /** "waitingRoom: AUTO → OPEN; readOnly: false → true": the settings that differ, by their API names. */
    static String changes(SurgeSettings before, SurgeSettings after) {
        var out = new StringBuilder();
        for (RecordComponent c : SurgeSettings.class.getRecordComponents()) {
            try {
                Object was = c.getAccessor().invoke(before);
                Object now = c.getAccessor().invoke(after);
                if (!Objects.equals(was, now)) {
                    out.append(out.isEmpty() ? "" : "; ")
                            .append(c.getName())
                            .append(": ")
                            .append(was)
                            .append(" → ")
                            .append(now);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    @Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
    void reload() {
        try {
            var stored = jdbc.sql("select value from surge_setting where name = 'settings'")
                    .query(String.class)
                    .optional();
            var next = stored.map(s -> json.readValue(s, SurgeSettings.class)).orElseGet(SurgeSettings::defaults);
            if (!next.equals(current)) {
                current = next;
                listeners.forEach(l -> l.accept(next));
            }
        } catch (RuntimeException e) {
            // The database may be down (degraded mode): keep the last known settings.
            log.debug("Could not reload surge settings: {}", e.getMessage());
        }
    }
}
