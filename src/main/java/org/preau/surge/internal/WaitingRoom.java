package org.preau.surge.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.preau.surge.Lane;
import org.preau.surge.SurgeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The waiting room, shared by all nodes through two PostgreSQL objects: a sequence that numbers tickets (first
 * come, first served across nodes) and one row holding the cursor "admitted through ticket N". Every second each
 * node moves the cursor forward by what it can take (the operator's rate, or a rate it adapts each second: up while
 * its log-in and anonymous lanes have room, down when they refuse requests, see {@link #adapt}), so the cluster
 * admits at the rate it actually sustains. Position and wait are computed from the cursor held in memory: showing the page costs no query.
 */
@Component
@DependsOnDatabaseInitialization
class WaitingRoom {

    private static final Logger log = LoggerFactory.getLogger(WaitingRoom.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SettingsStore settings;
    private final Lanes lanes;
    private final TicketCodec codec;
    private final Duration ticketLifetime;
    private volatile long admittedThrough;
    private volatile long lastIssued;
    private volatile double clusterRate;
    private volatile double nodeRate;
    private double carry;
    /** The adaptive admission rate of this node (see {@link #adapt}); starts modest, grows while there is room. */
    private volatile double controlledRate = 5;

    private long lastTurnedBack;
    /** Visitors admitted by their ticket whom a full lane sent back to the front of the line (see {@link #issueAtFront}). */
    private final LongAdder turnedBack = new LongAdder();

    private static final int MAX_BLOCK = 64;
    static final Duration OVERFLOW_HOLD = Duration.ofSeconds(10);
    private volatile long lastOverflowNanos =
            System.nanoTime() - Duration.ofHours(1).toNanos();
    /** How long a newcomer's ticket waits before it is numbered (the first refresh comes after at least 4 s). */
    static final Duration CLAIM_AFTER = Duration.ofSeconds(2);

    private final ArrayDeque<Long> numbers = new ArrayDeque<>();
    private final ReentrantLock numbersLock = new ReentrantLock();
    /** How long a request waits for another one's draw of numbers before it goes on without a number. */
    static final Duration NUMBERS_LOCK_WAIT = Duration.ofMillis(50);

    private final LongAdder numbersDrawn = new LongAdder();
    private volatile long demandLastSecond;
    private static final double MIN_RATE = 1.0;
    private long lastTickNanos = System.nanoTime();

    WaitingRoom(
            JdbcClient jdbc,
            Clock clock,
            SettingsStore settings,
            Lanes lanes,
            SurgeKeys keys,
            SurgeProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
        this.lanes = lanes;
        this.codec = new TicketCodec(keys.tickets(), clock);
        this.ticketLifetime = properties.ticketLifetime();
        tick();
    }

    /**
     * A newcomer's ticket, without a number yet: signed, costs no query. It is numbered ({@link #claim}) when its
     * holder comes back after {@link #CLAIM_AFTER}, which a flood of one-shot requests never does; so a flood cannot
     * fill the line with numbers nobody will use, which every real visitor would otherwise wait behind.
     */
    Ticket provisional() {
        var now = clock.instant();
        return new Ticket(0, now, now.plus(ticketLifetime));
    }

    /**
     * The ticket with its number: numbered now if it was provisional and its holder waited long enough. If the
     * database cannot number it now, the same provisional ticket (numbered at a later visit).
     */
    Ticket claim(Ticket ticket) {
        if (ticket.sequence() > 0 || clock.instant().isBefore(ticket.issuedAt().plus(CLAIM_AFTER))) {
            return ticket;
        }
        try {
            return issue();
        } catch (RuntimeException e) {
            log.debug("Ticket not numbered now: {}", e.getMessage());
            return ticket;
        }
    }

    /** A new ticket at the back of the line. */
    Ticket issue() {
        long sequence = nextNumber();
        lastIssued = Math.max(lastIssued, sequence);
        var now = clock.instant();
        return new Ticket(sequence, now, now.plus(ticketLifetime));
    }

    /**
     * The next ticket number. Under a flood, one query per newcomer would make the room itself the bottleneck (and
     * exhaust the connection pool every other lane needs), so numbers are drawn in blocks sized to the last second's
     * demand (1 when quiet, up to {@value #MAX_BLOCK}): one round trip per block. Across nodes the order is then first
     * come, first served to within one block.
     */
    private long nextNumber() {
        numbersDrawn.increment();
        // Another request is drawing a block: do not queue behind its round trip. Under a flood the pool may make
        // it wait seconds, and every visitor's page waited behind it in turn (seen in the attack run 1847Z: a third
        // of the waiting-room refreshes got no answer within 10 s). The visitor keeps a provisional ticket and is
        // numbered at a later visit (claim), or is told the service is busy (issueAtFront's caller).
        boolean locked;
        try {
            locked = numbersLock.tryLock(NUMBERS_LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            locked = false;
        }
        if (!locked) {
            throw new IllegalStateException("ticket numbers are being drawn by another request");
        }
        try {
            if (numbers.isEmpty()) {
                int block = (int) Math.clamp(demandLastSecond / 4, 1, MAX_BLOCK);
                numbers.addAll(jdbc.sql("select nextval('surge_ticket_seq') from generate_series(1, ?) order by 1")
                        .param(block)
                        .query(Long.class)
                        .list());
            }
            return numbers.removeFirst();
        } finally {
            numbersLock.unlock();
        }
    }

    /**
     * A ticket at the front of the line, for a visitor who was already admitted but found the lane full: they wait
     * for the next admission instead of getting an error or losing their place. When nobody waits behind the front, a
     * real number is drawn too, so that the cursor (capped at the last number issued) can move past the one handed
     * out.
     */
    Ticket issueAtFront() {
        turnedBack.increment();
        if (lastIssued > admittedThrough + 1) {
            // People wait behind the front: the cursor moves past it anyway, so no number is drawn (a drawn one
            // would be a place at the back that nobody holds, which every admission after would have to pass).
            var now = clock.instant();
            return new Ticket(admittedThrough + 1, now, now.plus(ticketLifetime));
        }
        Ticket drawn = issue();
        return new Ticket(Math.min(drawn.sequence(), admittedThrough + 1), drawn.issuedAt(), drawn.expiresAt());
    }

    String encode(Ticket ticket) {
        return codec.encode(ticket);
    }

    Optional<Ticket> decode(String cookie) {
        return codec.decode(cookie);
    }

    boolean admitted(Ticket ticket) {
        return ticket.sequence() > 0 && ticket.sequence() <= admittedThrough;
    }

    /**
     * How many tickets are ahead of this one, counting itself (0 once admitted); for a ticket not numbered yet, the
     * back of the line.
     */
    long position(Ticket ticket) {
        if (ticket.sequence() == 0) {
            return length() + 1;
        }
        return Math.max(0, ticket.sequence() - admittedThrough);
    }

    /** Whether people are waiting: newcomers must then queue too, or they would overtake them. */
    boolean engaged() {
        return lastIssued > admittedThrough;
    }

    /** A log-in or anonymous lane of this node overflowed just now (its request was sent to the room). */
    void overflowed() {
        lastOverflowNanos = System.nanoTime();
    }

    /**
     * Whether newcomers without a ticket are sent to the room (in AUTO mode): while people wait, and for
     * {@link #OVERFLOW_HOLD} after a lane last overflowed. Under a flood of one-shot requests nobody may be waiting
     * with a number, yet the lanes are full: the flood then gets the room's cheap answer instead of the whole
     * application, and the visitors who keep their ticket and come back are admitted into lanes that have room.
     */
    boolean turningNewcomersAway() {
        return engaged() || System.nanoTime() - lastOverflowNanos < OVERFLOW_HOLD.toNanos();
    }

    long length() {
        return Math.max(0, lastIssued - admittedThrough);
    }

    boolean full() {
        return length() >= settings.current().roomCapacity();
    }

    /** Admissions per second across the cluster as last observed (never below this node's own rate). */
    double admissionRate() {
        return Math.max(clusterRate, nodeRate);
    }

    /** The estimated wait for a position, in seconds. */
    long estimatedWaitSeconds(long position) {
        if (position <= 0) {
            return 0;
        }
        return (long) Math.ceil(position / Math.max(0.2, admissionRate()));
    }

    /** What this node adds to the cursor each second. */
    double nodeAdmissionRate(SurgeSettings s) {
        if (s.admissionPerSecond() > 0) {
            return s.admissionPerSecond();
        }
        return controlledRate;
    }

    /**
     * The measured admission rate, adapted once a tick (additive-increase, multiplicative-decrease). Measuring only
     * what the lanes complete would starve itself: while the room holds people back, the lanes complete little, so
     * the measured rate falls and the room admits even fewer. Instead: while people wait and the log-in and anonymous
     * lanes have room (nothing queued), admit more (+25%, at least +1/s); when visitors the room admitted found a
     * lane full and were sent back to the front of the line, back off (×0.7). Only their refusals count: a flood of
     * newcomers that a full lane refuses says nothing about whether admitted visitors get through, and backing off on
     * it (as this did before) let an anonymous flood hold the rate at its floor while real visitors waited minutes.
     *
     * <p>While the lanes are busy, the rate stays within [1/s, 3 × what they demonstrably completed + 5/s], so it
     * cannot run far ahead of admitted visitors who have not shown up yet. While they are idle (nothing queued, under
     * half their limit in flight) that cap would be the starvation again (the attack run of 2026-12-01T1505Z: 6,800
     * people waiting at 5/s behind an idle server), so the rate grows up to {@link #MAX_RATE}: an admitted visitor
     * who then finds a lane full keeps their place at the front, and that refusal backs the rate off.
     */
    void adapt(SurgeSettings s) {
        var login = lanes.get(Lane.LOGIN);
        var anonymous = lanes.get(Lane.ANONYMOUS);
        long back = turnedBack.sum();
        boolean overflowed = back > lastTurnedBack;
        lastTurnedBack = back;
        boolean queueing = login.waiting() > 0 || anonymous.waiting() > 0;
        boolean idle =
                !queueing && 2 * login.inflight() < login.limit() && 2 * anonymous.inflight() < anonymous.limit();
        double sustained = lanes.roomLaneCompletionsPerSecond() / Math.max(1, s.requestsPerVisitor());
        controlledRate = nextRate(controlledRate, overflowed, queueing, engaged(), sustained, idle);
    }

    /** The most visitors a node admits per second, whatever its lanes show. */
    static final double MAX_RATE = 1000;

    static double nextRate(
            double rate, boolean overflowed, boolean queueing, boolean waiting, double sustained, boolean idle) {
        double next = rate;
        if (overflowed) {
            next = rate * 0.7;
        } else if (!queueing && waiting) {
            next = rate + Math.max(1.0, rate * 0.25);
        }
        double ceiling = idle ? MAX_RATE : Math.max(MIN_RATE, 3 * sustained + 5);
        return Math.clamp(next, MIN_RATE, ceiling);
    }

    @Scheduled(fixedDelay = 1000)
    synchronized void tick() {
        long nowNanos = System.nanoTime();
        double elapsed = Math.min(5.0, (nowNanos - lastTickNanos) / 1e9);
        lastTickNanos = nowNanos;
        demandLastSecond = Math.round(numbersDrawn.sumThenReset() / Math.max(0.2, elapsed));
        var current = settings.current();
        adapt(current);
        nodeRate = nodeAdmissionRate(current);
        double wanted = carry + (engaged() ? nodeRate * elapsed : 0);
        long step = (long) Math.floor(wanted);
        carry = engaged() ? wanted - step : 0;
        try {
            var row = jdbc.sql("""
                            update surge_room set admitted_through = least(admitted_through + ?,
                                (select case when is_called then last_value else 0 end from surge_ticket_seq)),
                                updated_at = now()
                            where id = 1
                            returning admitted_through,
                                (select case when is_called then last_value else 0 end from surge_ticket_seq) as issued""")
                    .param(step)
                    .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
                    .single();
            long before = admittedThrough;
            admittedThrough = row[0];
            lastIssued = Math.max(lastIssued, row[1]);
            if (before > 0 && elapsed > 0) {
                double observed = (row[0] - before) / elapsed;
                // Smoothed over ~10 s: the estimate shown to people should not jump at every tick.
                clusterRate = engaged() || observed > 0 ? 0.8 * clusterRate + 0.2 * observed : clusterRate;
            }
        } catch (RuntimeException e) {
            log.debug("Waiting-room tick failed: {}", e.getMessage());
        }
    }
}
