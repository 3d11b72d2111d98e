package org.preau.directory.internal;

import java.util.UUID;
import org.preau.directory.DirectoryChanged;
import org.preau.directory.internal.calendar.CachingSchoolCalendar;
import org.preau.identity.AccountRenamed;
import org.preau.platform.ClusterBus;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Turns a {@link DirectoryChanged} event into cache invalidation on every node. It runs inside the writer's
 * transaction: names of the school are re-read there (so they match what the transaction wrote), and the cluster
 * bus signal is a PostgreSQL NOTIFY, delivered only if the transaction commits. This node also drops its caches
 * right after the commit, so that the writer's next page never shows the old state.
 */
@Component
class DirectoryChangeRelay {

    static final String TOPIC = "directory";

    private final ClusterBus bus;
    private final CachingDirectory directory;
    private final CommunicationRulesService rules;
    private final NameIndex names;
    private final CachingSchoolCalendar calendar;

    DirectoryChangeRelay(
            ClusterBus bus,
            CachingDirectory directory,
            CommunicationRulesService rules,
            NameIndex names,
            CachingSchoolCalendar calendar) {
        this.bus = bus;
        this.directory = directory;
        this.rules = rules;
        this.names = names;
        this.calendar = calendar;
        bus.subscribe(TOPIC, payload -> invalidateLocally());
    }

    @EventListener
    void on(DirectoryChanged event) {
        event.schoolId().ifPresent(names::refreshSchool);
        bus.publish(TOPIC, event.schoolId().map(UUID::toString).orElse(ClusterBus.RESYNC));
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    invalidateLocally();
                }
            });
        } else {
            invalidateLocally();
        }
    }

    /**
     * A rename in identity: the copy of names (ADR 0006) is updated at once instead of at the next import, and
     * every node drops its caches (placements carry names). Durable: the event publication registry redelivers it
     * after a crash; idempotent (the row is only written when it differs).
     */
    @ApplicationModuleListener
    void on(AccountRenamed event) {
        if (names.rename(event.accountId(), event.login(), event.displayName())) {
            bus.publish(TOPIC, ClusterBus.RESYNC);
        }
    }

    private void invalidateLocally() {
        names.forget();
        directory.invalidateAll();
        rules.invalidateAll();
        calendar.invalidateAll();
    }
}
