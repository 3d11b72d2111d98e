package org.preau.classroom.internal;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns for the work a reconnect storm brings (a handshake, its join and replay, a leave), given only while the
 * virtual-thread scheduler has next to nothing queued (ADR 0094). The rooms' frames and the connected participants'
 * actions run on the same scheduler, one FIFO queue on the node's core: a semaphore of a few turns bounds how much
 * storm work runs at once, not how much of the core it takes, so a storm of 2,000 reconnections kept the core full
 * for seconds and every room's frames waited behind it. Here a waiter is let go when the scheduler's queue holds at
 * most {@code quietBelow} threads (inclusive), so the storm fills the core's idle gaps; a waiter that found no gap within {@code
 * maxYield} goes anyway (a core that is never idle still lets the storm through, at its own pace).
 *
 * <p>One dispatcher, a virtual thread, watches the queue while someone waits (every millisecond) and parks when
 * nobody does: the waiters do not poll.
 */
@org.springframework.stereotype.Component
final class QuietTurns {

    private static final Logger log = LoggerFactory.getLogger(QuietTurns.class);

    private final IntSupplier queued;
    private final int quietBelow;
    private final long maxYieldNanos;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final Thread dispatcher;

    /** Turns given at once, always (no dispatcher waits for anything). */
    static final QuietTurns NONE = new QuietTurns(() -> 0, Integer.MAX_VALUE, Duration.ZERO);

    /** Turns given in a quiet moment, and turns given after {@code maxYield} without one. */
    final LongAdder quiet = new LongAdder();

    final LongAdder forced = new LongAdder();

    private record Waiter(CountDownLatch go, long since) {}

    /**
     * The node's turns: {@code preau.classroom.storm-quiet-below} (default 2) threads queued at most for a turn to be
     * given, {@code preau.classroom.storm-max-yield} (default 2 s) waited at most for one.
     */
    @org.springframework.beans.factory.annotation.Autowired
    QuietTurns(
            @org.springframework.beans.factory.annotation.Value("${preau.classroom.storm-quiet-below:2}")
                    int quietBelow,
            @org.springframework.beans.factory.annotation.Value("${preau.classroom.storm-max-yield:2s}")
                    Duration maxYield) {
        this(schedulerQueue(), quietBelow, maxYield);
    }

    QuietTurns(IntSupplier queued, int quietBelow, Duration maxYield) {
        this.queued = queued;
        this.quietBelow = quietBelow;
        this.maxYieldNanos = maxYield.toNanos();
        this.dispatcher = Thread.ofVirtual().name("classroom-quiet-turns").start(this::dispatch);
    }

    /**
     * The JVM's own scheduler's queue (JDK 24's {@code VirtualThreadSchedulerMXBean}); where it cannot be read, always
     * 0: the turns are then given at once, as before ADR 0094.
     */
    static IntSupplier schedulerQueue() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(jdk.management.VirtualThreadSchedulerMXBean.class);
            bean.getQueuedVirtualThreadCount();
            return () -> (int) Math.min(Integer.MAX_VALUE, bean.getQueuedVirtualThreadCount());
        } catch (RuntimeException | LinkageError e) {
            log.warn(
                    "The virtual-thread scheduler's queue cannot be read ({}): storm work is not held back",
                    e.toString());
            return () -> 0;
        }
    }

    /** Waits, parked, for a quiet moment (at most {@code maxYield}, then goes anyway). */
    void await() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (waiters.isEmpty() && queued() <= quietBelow) {
            quiet.increment();
            return;
        }
        var w = new Waiter(new CountDownLatch(1), System.nanoTime());
        waiters.add(w);
        LockSupport.unpark(dispatcher);
        try {
            // The dispatcher gives the turn; should it ever fail to, the longest wait still ends.
            if (!w.go().await(maxYieldNanos + 1_000_000_000L, java.util.concurrent.TimeUnit.NANOSECONDS)
                    && waiters.remove(w)) {
                forced.increment();
            }
        } catch (InterruptedException e) {
            waiters.remove(w);
            throw e;
        }
    }

    /** The scheduler's queue; a reading that fails counts as quiet (the turn is given, as before ADR 0094). */
    private int queued() {
        try {
            return queued.getAsInt();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Waiting now (tests, diagnostics). */
    int waiting() {
        return waiters.size();
    }

    private void dispatch() {
        while (true) {
            var first = waiters.peek();
            if (first == null) {
                LockSupport.park(this);
                continue;
            }
            long now = System.nanoTime();
            if (queued() <= quietBelow) {
                if (waiters.remove(first)) {
                    quiet.increment();
                    first.go().countDown();
                }
            } else if (now - first.since() >= maxYieldNanos) {
                if (waiters.remove(first)) {
                    forced.increment();
                    first.go().countDown();
                }
            }
            // One turn a millisecond at most from here (the fast path in await gives more when nobody waits): the one
            // let go is queued itself until it runs, and must be seen.
            LockSupport.parkNanos(this, 1_000_000);
        }
    }
}
