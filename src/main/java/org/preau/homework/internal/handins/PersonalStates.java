package org.preau.homework.internal.handins;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.preau.homework.internal.handins.HandinRepository.Personal;
import org.preau.platform.ClusterBus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Each pupil's own states (done ticks, hand-in statuses) held in memory, so a warm "Aujourd'hui" needs no query: read
 * for all the pupil's works at once, dropped on every node when one of them changes (the pupil's own tick or hand-in,
 * or a teacher returning, reopening or extending it), after the write commits. A version per pupil lets pages tell
 * whether what they rendered is still current.
 */
@Component
public class PersonalStates {

    static final String TOPIC = "homework.pupil";

    record Key(UUID schoolId, UUID pupilId) {}

    private final ClusterBus bus;
    private final Cache<Key, Map<UUID, Personal>> states = Caffeine.newBuilder()
            .maximumSize(500_000)
            // A safety net: changes are signalled; this bounds staleness if a signal is ever lost.
            .expireAfterWrite(Duration.ofMinutes(30))
            .build();
    private final Map<UUID, AtomicLong> versions = new ConcurrentHashMap<>();
    private final AtomicLong resyncs = new AtomicLong();

    PersonalStates(ClusterBus bus) {
        this.bus = bus;
        bus.subscribe(TOPIC, this::onSignal);
    }

    Map<UUID, Personal> of(UUID schoolId, UUID pupilId, Supplier<Map<UUID, Personal>> load) {
        return states.get(new Key(schoolId, pupilId), k -> Map.copyOf(load.get()));
    }

    /** Changes the version at once and drops the states on every node once the write commits. */
    void changed(UUID schoolId, UUID pupilId) {
        Runnable drop = () -> drop(schoolId, pupilId);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    drop.run();
                }
            });
        } else {
            drop.run();
        }
        bus.publish(TOPIC, schoolId + ":" + pupilId);
    }

    /** Changes whenever the pupil's states may have changed (here or on another node). */
    public long version(UUID pupilId) {
        return versions.computeIfAbsent(pupilId, p -> new AtomicLong()).get() + resyncs.get();
    }

    private void drop(UUID schoolId, UUID pupilId) {
        states.invalidate(new Key(schoolId, pupilId));
        versions.computeIfAbsent(pupilId, p -> new AtomicLong()).incrementAndGet();
    }

    private void onSignal(String payload) {
        if (ClusterBus.RESYNC.equals(payload)) {
            states.invalidateAll();
            resyncs.incrementAndGet();
            return;
        }
        int colon = payload.indexOf(':');
        if (colon > 0) {
            drop(UUID.fromString(payload.substring(0, colon)), UUID.fromString(payload.substring(colon + 1)));
        }
    }
}
