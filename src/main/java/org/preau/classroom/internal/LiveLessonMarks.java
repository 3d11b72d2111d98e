package org.preau.classroom.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.preau.homework.LiveLessons;
import org.preau.platform.ClusterBus;
import org.preau.platform.SchoolTime;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The "en direct" marks of "Aujourd'hui" (homework asks through its {@link LiveLessons} interface): the open lesson
 * rooms, held in memory on every node, re-read when a room of an audience opens or closes anywhere (a signal on
 * {@link RoomService#LIVE_TOPIC}). Asking costs no query; the version per audience lets the page cache keep a pupil's
 * page until one of their rooms opens or closes.
 */
@Component
class LiveLessonMarks implements LiveLessons, SmartLifecycle {

    record Key(UUID schoolId, UUID slotId, LocalDate day) {}

    private final RoomRepository rooms;
    private final Clock clock;
    private volatile Map<Key, Room> open = Map.of();
    private final Map<UUID, AtomicLong> versions = new ConcurrentHashMap<>();
    private final AtomicLong resyncs = new AtomicLong();
    private volatile boolean running;

    LiveLessonMarks(RoomRepository rooms, ClusterBus bus, Clock clock) {
        this.rooms = rooms;
        this.clock = clock;
        bus.subscribe(RoomService.LIVE_TOPIC, this::onSignal);
    }

    @Override
    public Optional<String> liveRoom(UUID schoolId, UUID slotId, LocalDate day) {
        return Optional.ofNullable(open.get(new Key(schoolId, slotId, day))).map(r -> "/classe/" + r.id());
    }

    @Override
    public Optional<String> teacherRoom(UUID schoolId, UUID slotId, LocalDate day) {
        return Optional.of("/classe/cours/" + slotId + "/" + day);
    }

    @Override
    public long version(UUID audienceId) {
        var v = versions.get(audienceId);
        return resyncs.get() + (v == null ? 0 : v.get());
    }

    /** On the writing node, right after the commit (the signal to the other nodes follows). */
    void changed(UUID schoolId, UUID audienceId) {
        onSignal(schoolId + "/" + audienceId);
    }

    private void onSignal(String payload) {
        if (ClusterBus.RESYNC.equals(payload)) {
            reload();
            resyncs.incrementAndGet();
            return;
        }
        int cut = payload.indexOf('/');
        UUID schoolId = UUID.fromString(payload.substring(0, cut));
        UUID audienceId = UUID.fromString(payload.substring(cut + 1));
        reload(schoolId, audienceId);
        versions.computeIfAbsent(audienceId, a -> new AtomicLong()).incrementAndGet();
    }

    private LocalDate since() {
        return LocalDate.now(clock.withZone(SchoolTime.ZONE)).minusDays(1);
    }

    /** Every open lesson room from yesterday on (a room left open overnight stays marked): at start and on resync. */
    private synchronized void reload() {
        Map<Key, Room> now = new HashMap<>();
        for (var r : rooms.openLessons(since())) {
            now.put(key(r), r);
        }
        open = Map.copyOf(now);
    }

    /** One audience's open lesson rooms, one indexed query. */
    private synchronized void reload(UUID schoolId, UUID audienceId) {
        Map<Key, Room> now = new HashMap<>(open);
        now.values().removeIf(r -> r.audienceId().equals(audienceId));
        for (var r : rooms.openLessonsOf(schoolId, audienceId, since())) {
            now.put(key(r), r);
        }
        open = Map.copyOf(now);
    }

    private static Key key(Room r) {
        return new Key(r.schoolId(), r.slotId().orElseThrow(), r.lessonDate().orElseThrow());
    }

    @Override
    public void start() {
        reload();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
