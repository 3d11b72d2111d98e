package org.preau.news.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.preau.news.NewsItem;
import org.preau.news.NewsPublished;
import org.preau.platform.ClusterBus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Each school's current and scheduled news, loaded single-flight with one query and dropped on every node when a
 * write to that school commits: the home page reads news without a query once warm. Scheduled items are in the
 * cache and filtered at read time, so a publication date needs no invalidation; the version per school lets kept
 * pages ({@code homework}'s "Aujourd'hui") know they are stale.
 *
 * <p>A same-module listener rather than an {@code @ApplicationModuleListener}, like homework's {@code TodayCache}: it
 * must drop the school on this node right after commit (read-your-writes), and a lost signal is bounded by the
 * 30-minute expiry.
 */
@Component
class NewsCache {

    static final String TOPIC = "news.school";

    private final NewsRepository repository;
    private final ClusterBus bus;
    private final Clock clock;
    private final Cache<UUID, List<NewsItem>> schools = Caffeine.newBuilder()
            .maximumSize(20_000)
            .expireAfterWrite(Duration.ofMinutes(30))
            .build();
    private final Map<UUID, AtomicLong> versions = new ConcurrentHashMap<>();
    private final AtomicLong resyncs = new AtomicLong();

    NewsCache(NewsRepository repository, ClusterBus bus, Clock clock) {
        this.repository = repository;
        this.bus = bus;
        this.clock = clock;
        bus.subscribe(TOPIC, this::onSignal);
    }

    /** The school's news not withdrawn, published or scheduled, not expired when loaded; newest first. */
    List<NewsItem> of(UUID schoolId) {
        return schools.get(schoolId, id -> List.copyOf(repository.current(id, clock.instant())));
    }

    long version(UUID schoolId) {
        var v = versions.get(schoolId);
        return resyncs.get() + (v == null ? 0 : v.get());
    }

    /** After the write commits: drop the school here at once, and tell every node. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void on(NewsPublished event) {
        invalidate(event.schoolId());
        bus.publish(TOPIC, event.schoolId().toString());
    }

    void invalidate(UUID schoolId) {
        versions.computeIfAbsent(schoolId, s -> new AtomicLong()).incrementAndGet();
        schools.invalidate(schoolId);
    }

    private void onSignal(String payload) {
        if (ClusterBus.RESYNC.equals(payload)) {
            resyncs.incrementAndGet();
            schools.invalidateAll();
        } else {
            invalidate(UUID.fromString(payload));
        }
    }
}
