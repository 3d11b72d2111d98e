package org.preau.homework.internal.today;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.preau.homework.HomeworkChanged;
import org.preau.homework.internal.entries.Entry;
import org.preau.homework.internal.entries.EntryRepository;
import org.preau.homework.internal.entries.Work;
import org.preau.platform.ClusterBus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The hot path's cache: what one class or group has on one day (the day's entries with their works, and the work
 * due in the following week), loaded single-flight (Caffeine computes a missing key once while concurrent readers
 * wait) with two queries, and dropped on every node when a write to that audience commits. Unpublished entries stay
 * in the cache and are filtered at read time, so a scheduled publication needs no invalidation.
 */
@Component
public class TodayCache {

    public static final String TOPIC = "homework.audience";
    static final int WINDOW_DAYS = 7;

    private final EntryRepository repository;
    private final ClusterBus bus;
    private final Cache<Key, AudienceDay> cache = Caffeine.newBuilder()
            .maximumSize(200_000)
            // A safety net: invalidation is by event; this bounds staleness if a notification is ever lost.
            .expireAfterWrite(Duration.ofMinutes(30))
            .build();

    private final java.util.Map<UUID, java.util.concurrent.atomic.AtomicLong> versions =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong resyncs = new java.util.concurrent.atomic.AtomicLong();

    TodayCache(EntryRepository repository, ClusterBus bus) {
        this.repository = repository;
        this.bus = bus;
        bus.subscribe(TOPIC, this::onSignal);
    }

    AudienceDay get(UUID schoolId, UUID audienceId, LocalDate day) {
        return cache.get(new Key(schoolId, audienceId, day), this::load);
    }

    /** After the write commits: drop it here at once (read-your-writes), and tell every node. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(HomeworkChanged event) {
        invalidate(event.audienceId());
        bus.publish(TOPIC, event.audienceId().toString());
    }

    public void invalidate(UUID audienceId) {
        versions.computeIfAbsent(audienceId, a -> new java.util.concurrent.atomic.AtomicLong())
                .incrementAndGet();
        cache.asMap().keySet().removeIf(k -> k.audienceId().equals(audienceId));
    }

    /** Changes whenever this audience's cached days are dropped on this node (a write, a signal, a resync). */
    public long version(UUID audienceId) {
        var v = versions.get(audienceId);
        return resyncs.get() + (v == null ? 0 : v.get());
    }

    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private void onSignal(String payload) {
        if (ClusterBus.RESYNC.equals(payload)) {
            resyncs.incrementAndGet();
            cache.invalidateAll();
        } else {
            invalidate(UUID.fromString(payload));
        }
    }

    private AudienceDay load(Key key) {
        List<Entry> entries = repository.entriesOn(key.schoolId(), key.audienceId(), key.day());
        List<UUID> entryIds = entries.stream().map(Entry::id).toList();
        List<Work> works = repository.worksFor(
                key.schoolId(), key.audienceId(), key.day(), key.day().plusDays(WINDOW_DAYS), entryIds);
        Map<UUID, List<Work>> byEntry = new LinkedHashMap<>();
        works.forEach(w ->
                byEntry.computeIfAbsent(w.entryId(), e -> new ArrayList<>()).add(w));
        List<Entry> withWorks = entries.stream()
                .map(e -> EntryRepository.withWorks(e, byEntry.getOrDefault(e.id(), List.of())))
                .toList();
        List<Work> due = works.stream()
                .filter(w -> !w.dueDate().isBefore(key.day()))
                .filter(w -> !w.dueDate().isAfter(key.day().plusDays(WINDOW_DAYS)))
                .toList();
        return new AudienceDay(withWorks, due);
    }

    record Key(UUID schoolId, UUID audienceId, LocalDate day) {}

    /** One audience's day: entries of lessons held that day, and work due from that day for a week. */
    record AudienceDay(List<Entry> entries, List<Work> due) {}
}
