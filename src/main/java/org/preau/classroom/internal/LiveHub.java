package org.preau.classroom.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.preau.platform.ClusterBus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.node.ObjectNode;

/**
 * This node's live rooms: each one's state folded from its events, and the connections this node holds for it.
 * Every event enters the room's state in sequence order, whatever node wrote it: this node's own as written (ADR
 * 0072), the others' by catching up from the table (events after the last it applied) when signalled; then each
 * connection is sent the events after the last it was sent (votes, arrivals and departures at most once a {@link
 * #PACE} to a moderator and a {@link #CROWD_PACE} to a pupil, a run of votes it sees only as counts folded into the
 * last: ADR 0090, ADR 0094). A resuming client starts at the
 * number it last saw; nothing is sent twice, nothing skipped (ADR 0041).
 *
 * <p>Heartbeats both ways: every {@code HEARTBEAT} each connection gets a beat carrying the room's last number (it
 * may run up to a {@link #CROWD_PACE} ahead of what the connection was sent, so a client must not take a difference for a
 * gap; none does) and a connection not heard from for three beats is closed. A connection
 * whose write stays blocked longer than {@code SEND_LIMIT} is dropped (ADR 0042).
 */
@Component
class LiveHub implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(LiveHub.class);

    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration SEND_LIMIT = Duration.ofSeconds(10);
    /** Frames queued per connection before the fan-out stops adding (the writer tops up as it drains). */
    static final long MAX_QUEUED_BYTES = 512 * 1024;

    static final int EVENTS_PER_FRAME = 100;
    /** A connection resuming from further behind than this is sent a snapshot rather than the events it missed. */
    static final long MAX_REPLAY = 1000;

    static final Duration IDLE_ROOM = Duration.ofMinutes(10);

    /**
     * How often at most a room's connections are sent what changes only counts and lists (votes, arrivals,
     * departures): a poll answered by a class within seconds is one frame a second per connection, not one per vote
     * (ADR 0090). Anything else is sent at once, with whatever such events wait before it.
     */
    static final Duration PACE = Duration.ofSeconds(1);

    /**
     * The pace of the same for the room's participants (pupils), who see of a vote only the poll's counts and of an
     * arrival only the presence list: a room's moderators keep {@link #PACE}. At 20,000 participants one frame a
     * second to every connection is up to 20,000 socket writes a second while a school answers its polls; measured,
     * the slower pace did not change the burst's CPU (ADR 0094), and pupils' counts are still at most 5 s late.
     */
    static final Duration CROWD_PACE = Duration.ofSeconds(5);

    /** Close code for "too slow, reconnect and resume" (private range 4000–4999). */
    static final CloseStatus TOO_SLOW = new CloseStatus(4008, "too slow");

    /** This node's id: the one its event log signs its signals with. */
    final String node;

    private final EventLog log;
    private final RoomRepository rooms;
    private final Map<UUID, Live> live = new ConcurrentHashMap<>();
    /** Replaced at each start: Spring stops and restarts a paused context (tests), and a shut-down one rejects work. */
    private volatile ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();

    /** The paced fan-outs asleep until their turn: woken when the hub stops, which then need not wait them out. */
    private final Set<Thread> sleepers = ConcurrentHashMap.newKeySet();

    private volatile boolean running;
    private volatile Thread sweeper;
    private volatile java.util.function.Consumer<Participant> onDrop = p -> {};

    LiveHub(EventLog log, RoomRepository rooms, ClusterBus bus) {
        this.log = log;
        this.rooms = rooms;
        this.node = log.node;
        bus.subscribe(EventLog.TOPIC, this::onSignal);
        log.onWritten(this::appended);
    }

    static final class Live {
        final Room room;
        final RoomState state;
        final Set<Participant> participants = ConcurrentHashMap.newKeySet();
        volatile long touched = System.nanoTime();
        /**
         * Set once the room has been read from the table: from then on the stream keeps it current (this node's own
         * events applied as written, the others' read when signalled, everything re-read after a lost bus).
         */
        volatile boolean read;

        /**
         * The frames of the latest fanned-out events, as rendered for each kind of viewer ({@link
         * RoomState#frameKey}), while the room's state is at {@link #framesAt}: a room's 30 connections get one
         * rendering and one serialisation of a message instead of 30 (ADR 0089), and of a paced fan-out's several
         * events (ADR 0090). Guarded by {@link #state}'s lock; emptied when the state moves on, since a rendering
         * reads the state (a deleted message, a poll's counts).
         */
        private final Map<String, String> frames = new java.util.HashMap<>();

        private long framesAt = -1;

        /** The paced fan-outs: to the moderators at {@link #PACE}, to every connection at {@link #CROWD_PACE}. */
        private final Pace moderators = new Pace(PACE), everyone = new Pace(CROWD_PACE);

        Live(Room room) {
            this.room = room;
            this.state = new RoomState(Room.State.WAITING);
        }

        /** Called with {@link #state}'s lock held; {@code key} is {@link RoomState#frameKey}. */
        String cachedFrame(String key) {
            if (framesAt != state.lastSeq()) {
                frames.clear();
                framesAt = state.lastSeq();
                return null;
            }
            return frames.get(key);
        }

        /** Called with {@link #state}'s lock held, right after {@link #cachedFrame} missed. */
        void cacheFrame(String key, String text) {
            if (framesAt == state.lastSeq() && frames.size() < 64) {
                frames.put(key, text);
            }
        }
    }

    /** When some of a room's connections were last all sent what they had not been, and how often at most. */
    static final class Pace {
        final long every;
        /** Guarded by this. */
        long at;
        /** A paced fan-out is on its way (guarded by this). */
        boolean due;

        Pace(Duration every) {
            this.every = every.toNanos();
            this.at = System.nanoTime() - this.every;
        }

        synchronized void sentAll(long now) {
            at = now;
        }

        synchronized void reset() {
            due = false;
        }
    }

    /** Who writes the leave of a connection the hub drops (the socket handler). */
    void onDrop(java.util.function.Consumer<Participant> listener) {
        this.onDrop = listener;
    }

    /** The room's state, loaded and caught up with the table: what a page checks against (one read). */
    RoomState state(Room room) {
        var l = loaded(room);
        catchUp(room.id());
        return l.state;
    }

    /**
     * The room's state as this node holds it, read from the table only if it never was: what a connected
     * participant's actions check against, without a query (ADR 0072). The stream keeps it current; an event of
     * another node still in flight is at most a signal's delay away, and what must hold at once is checked by the
     * append itself (a closed room) or by the fold in the log's order (a muted pupil's message).
     */
    RoomState current(Room room) {
        var l = loaded(room);
        if (!l.read) {
            catchUp(room.id());
        }
        return l.state;
    }

    private Live loaded(Room room) {
        var l = live.computeIfAbsent(room.id(), id -> new Live(room));
        l.touched = System.nanoTime();
        return l;
    }

    /**
     * Reads what this node has not applied of the room yet, applies it, and sends it to its connections. The read
     * holds no lock (a slow query must not stall the room's fan-out): applying ignores what another catch-up or an
     * append applied meanwhile, and a read returns every event after the number it started from, so nothing is
     * skipped.
     */
    void catchUp(UUID roomId) {
        var l = live.get(roomId);
        if (l == null) {
            return;
        }
        var events = log.since(l.room, l.state.lastSeq());
        boolean news = false;
        synchronized (l.state) {
            for (var e : events) {
                if (e.seq() > l.state.lastSeq()) {
                    l.state.apply(e);
                    news = true;
                }
            }
        }
        l.read = true;
        if (news) {
            fanOut(l, events);
        }
    }

    /**
     * An event this node has just written (and committed): applied without reading it back, unless events of other
     * nodes came before it that this node has not applied yet (their signals still on the way): then those are read.
     */
    void appended(RoomEvent e) {
        var l = live.get(e.roomId());
        if (l == null) {
            return;
        }
        boolean applied;
        synchronized (l.state) {
            applied = l.state.lastSeq() == e.seq() - 1;
            if (applied) {
                l.state.apply(e);
            }
        }
        if (applied) {
            fanOut(l, List.of(e));
        } else if (l.state.lastSeq() < e.seq()) {
            catchUp(e.roomId());
        }
    }

    /**
     * A connection joins: from now on it is sent every event after {@code p.sentUpTo}. A connection that names no
     * number ({@code sentUpTo < 0}: a page opening) or is more than {@link #MAX_REPLAY} behind is first sent the
     * room's state at a number (a snapshot), then the events after it (ADR 0059).
     */
    void attach(Participant p) {
        var l = loaded(p.room);
        if (!l.read) {
            catchUp(p.room.id());
        }
        p.sequencing.lock();
        try {
            if (p.sentUpTo < 0 || l.state.lastSeq() - p.sentUpTo > MAX_REPLAY) {
                ObjectNode frame = log.object();
                synchronized (l.state) {
                    frame.put("type", "snapshot");
                    frame.put("seq", l.state.lastSeq());
                    l.state.snapshot(p.user.accountId(), frame.putObject("state"));
                    p.sentUpTo = l.state.lastSeq();
                }
                p.enqueue(log.json().writeValueAsString(frame));
            }
        } finally {
            p.sequencing.unlock();
        }
        // Added once its starting number is set: the fan-out sends it only what follows. What was applied in between
        // is sent by the delivery below; what is applied after, by the fan-out.
        l.participants.add(p);
        deliver(p);
    }

    void detach(Participant p) {
        var l = live.get(p.room.id());
        if (l != null) {
            l.participants.remove(p);
        }
    }

    /** Votes, arrivals and departures: what {@link #PACE} holds back. */
    static boolean paced(RoomEvent e) {
        return switch (e.kind()) {
            case "poll.vote", "join", "leave" -> true;
            default -> false;
        };
    }

    /**
     * Sends the room's connections what was just applied: at once, unless all of it is {@linkplain #paced paced};
     * then to the moderators at once if they were sent everything {@link #PACE} ago or more, else once that much time
     * has passed (one fan-out for all that comes meanwhile), and likewise to every connection at {@link #CROWD_PACE}
     * (ADR 0090, ADR 0094). A voter's own connections are sent their vote at once, so a pupil sees it counted without
     * waiting.
     */
    private void fanOut(Live l, List<RoomEvent> news) {
        long now = System.nanoTime();
        if (news.stream().allMatch(LiveHub::paced)) {
            var voters = news.stream()
                    .filter(e -> "poll.vote".equals(e.kind()))
                    .map(e -> UUID.fromString(e.body().get("account").asString()))
                    .collect(java.util.stream.Collectors.toSet());
            if (!voters.isEmpty()) {
                for (var p : l.participants) {
                    if (voters.contains(p.user.accountId())) {
                        deliver(p);
                    }
                }
            }
            paced(l, l.moderators, p -> p.role == Room.Role.MODERATOR, now);
            paced(l, l.everyone, p -> true, now);
            return;
        }
        l.moderators.sentAll(now);
        l.everyone.sentAll(now);
        l.participants.forEach(this::deliver);
    }

    /** The paced fan-out of {@code pace} to the room's connections {@code who}: at once, or one at its next turn. */
    private void paced(Live l, Pace pace, java.util.function.Predicate<Participant> who, long now) {
        long wait;
        synchronized (pace) {
            if (pace.due) {
                return;
            }
            wait = pace.at + pace.every - now;
            if (wait > 0) {
                pace.due = true;
            } else {
                pace.at = now;
            }
        }
        if (wait <= 0) {
            deliverTo(l, who);
            return;
        }
        long sleep = wait;
        try {
            writers.execute(() -> {
                sleepers.add(Thread.currentThread());
                try {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                } finally {
                    sleepers.remove(Thread.currentThread());
                }
                synchronized (pace) {
                    pace.due = false;
                    pace.at = System.nanoTime();
                }
                deliverTo(l, who);
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            // The hub is stopping: no paced fan-out will come, so the room must not wait for one after a restart.
            pace.reset();
        }
    }

    private void deliverTo(Live l, java.util.function.Predicate<Participant> who) {
        for (var p : l.participants) {
            if (who.test(p)) {
                deliver(p);
            }
        }
    }

    /** Queues the events this connection has not been sent, up to the outbox's bound, and has its writer send them. */
    void deliver(Participant p) {
        var l = live.get(p.room.id());
        if (l == null || p.dropped) {
            return;
        }
        fill(l, p);
        writers.execute(() -> {
            // Written, then topped up if the bound held some back: a long replay flows at the client's pace.
            while (p.flush() && !p.dropped && behind(l, p)) {
                fill(l, p);
            }
        });
    }

    private static boolean behind(Live l, Participant p) {
        p.sequencing.lock();
        try {
            return p.sentUpTo < l.state.lastSeq();
        } finally {
            p.sequencing.unlock();
        }
    }

    private void fill(Live l, Participant p) {
        p.sequencing.lock();
        try {
            while (p.queuedBytes() < MAX_QUEUED_BYTES) {
                List<RoomEvent> next;
                ObjectNode frame = log.object();
                synchronized (l.state) {
                    next = l.state.after(p.sentUpTo);
                    if (next.isEmpty()) {
                        return;
                    }
                    if (next.size() > EVENTS_PER_FRAME) {
                        next = next.subList(0, EVENTS_PER_FRAME);
                    }
                    String key = l.state.frameKey(next, p.user.accountId(), p.role);
                    String text = l.cachedFrame(key);
                    if (text == null) {
                        frame.put("type", "events");
                        l.state.renderFrame(next, p.user.accountId(), p.role, frame.putArray("events"));
                        text = log.json().writeValueAsString(frame);
                        l.cacheFrame(key, text);
                    }
                    p.enqueue(text);
                }
                p.sentUpTo = next.getLast().seq();
            }
        } finally {
            p.sequencing.unlock();
        }
    }

    /** Sends a frame that is not an event (welcome, beat, error), behind whatever is queued. */
    void sendControl(Participant p, ObjectNode frame) {
        p.sequencing.lock();
        try {
            p.enqueue(log.json().writeValueAsString(frame));
        } finally {
            p.sequencing.unlock();
        }
        writers.execute(p::flush);
    }

    long lastSeq(UUID roomId) {
        var l = live.get(roomId);
        return l == null ? 0 : l.state.lastSeq();
    }

    Optional<Room> loadedRoom(UUID roomId) {
        return Optional.ofNullable(live.get(roomId)).map(l -> l.room);
    }

    private void onSignal(String payload) {
        if (ClusterBus.RESYNC.equals(payload)) {
            live.keySet().forEach(this::catchUp);
            return;
        }
        var signal = EventLog.Signal.parse(payload);
        if (signal.isEmpty()) {
            logger.warn("Classroom signal not understood: {}", payload);
            return;
        }
        var s = signal.get();
        // Its own events this node applied as it wrote them; what it already holds it does not read again.
        if (s.node().filter(node::equals).isPresent() || lastSeq(s.roomId()) >= s.seq()) {
            return;
        }
        catchUp(s.roomId());
    }

    /** Beats, drops the silent and the stuck, forgets idle rooms, and catches up (a safety net for lost signals). */
    private void sweep() {
        long now = System.nanoTime();
        for (var l : live.values()) {
            if (!l.participants.isEmpty()) {
                l.touched = now;
                catchUp(l.room.id());
            } else if (now - l.touched > IDLE_ROOM.toNanos()) {
                live.remove(l.room.id(), l);
                continue;
            }
            for (var p : l.participants) {
                if (p.stuck(now, SEND_LIMIT.toNanos()) || now - p.lastHeard > 3 * HEARTBEAT.toNanos()) {
                    drop(p, TOO_SLOW);
                    continue;
                }
                var beat = log.object();
                beat.put("type", "beat");
                beat.put("last", l.state.lastSeq());
                sendControl(p, beat);
            }
        }
    }

    void drop(Participant p, CloseStatus status) {
        detach(p);
        writers.execute(() -> p.close(status));
        onDrop.accept(p);
    }

    /** The connections of this node, for its orderly stop. */
    List<Participant> participants() {
        return live.values().stream().flatMap(l -> l.participants.stream()).toList();
    }

    @Override
    public void start() {
        if (writers.isShutdown()) {
            writers = Executors.newVirtualThreadPerTaskExecutor();
        }
        // A paced fan-out that was due when the hub stopped never came: the rooms start afresh.
        for (var l : live.values()) {
            l.moderators.reset();
            l.everyone.reset();
        }
        running = true;
        sweeper = Thread.ofVirtual().name("classroom-sweeper").start(() -> {
            while (running) {
                try {
                    Thread.sleep(HEARTBEAT.toMillis());
                    sweep();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    logger.warn("Classroom sweep failed", e);
                }
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        var t = sweeper;
        if (t != null) {
            t.interrupt();
        }
        // The connections go: their leaves are written (attendance stays right) and clients reconnect elsewhere.
        for (var p : participants()) {
            drop(p, CloseStatus.GOING_AWAY);
        }
        writers.shutdown();
        sleepers.forEach(Thread::interrupt);
        try {
            writers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    RoomRepository rooms() {
        return rooms;
    }
}
