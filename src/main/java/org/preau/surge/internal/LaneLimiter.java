package org.preau.surge.internal;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.preau.surge.Lane;

/**
 * One lane's admission: a concurrency limit in front of a bounded FIFO queue with a maximum wait. Lanes share
 * nothing, so a full lane rejects its own traffic and no other.
 *
 * <p>Every lane but the pupils' and teachers' has an adaptive limit (Netflix concurrency-limits' Gradient2: it grows
 * while latency stays near its long-term average and shrinks when it rises), so that it sheds its own traffic when the
 * node slows down. The {@link Lane#SIGNED_IN_PRIORITY} lane's limit is the operator's cap, fixed: the latency an
 * adaptive limit reacts to is the whole core's queue, which the other lanes fill, and on the attack morning it cut
 * the pupils' lane from 200 to 10–20 and refused pupils "busy" without relieving the core (docs/adr/0080).
 */
final class LaneLimiter {

    /** A slot held by one request; released exactly once. */
    interface Permit {
        /** The request completed normally: its latency feeds the limit. */
        void success();

        /** The request failed in a way that says nothing about capacity (client error, exception). */
        void ignore();
    }

    private final Lane lane;
    private volatile SimpleLimiter<Void> limiter;
    private volatile int maxQueue;
    private volatile long maxWaitNanos;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition freed = lock.newCondition();
    final LongAdder admitted = new LongAdder();
    final LongAdder queued = new LongAdder();
    final LongAdder rejected = new LongAdder();
    /** Overflow sent to the waiting room (counted by the filter). */
    final LongAdder toRoom = new LongAdder();
    /** Refused by a rate limit before reaching the lane (counted by the filter). */
    final LongAdder rateLimited = new LongAdder();

    final RateMeter completions;

    LaneLimiter(Lane lane, int maxConcurrency, int maxQueue, Duration maxWait, RateMeter completions) {
        this.lane = lane;
        this.completions = completions;
        configure(maxConcurrency, maxQueue, maxWait);
    }

    /** Applies new operator caps; requests in flight finish on the limiter that admitted them. */
    void configure(int maxConcurrency, int maxQueue, Duration maxWait) {
        int min = Math.max(1, Math.min(4, maxConcurrency));
        Limit limit = lane == Lane.SIGNED_IN_PRIORITY
                ? FixedLimit.of(Math.max(1, maxConcurrency))
                : Gradient2Limit.newBuilder()
                        .initialLimit(Math.max(min, maxConcurrency / 2))
                        .minLimit(min)
                        .maxConcurrency(maxConcurrency)
                        .build();
        this.limiter =
                SimpleLimiter.newBuilder().named(lane.name()).limit(limit).build();
        this.maxQueue = maxQueue;
        this.maxWaitNanos = maxWait.toNanos();
        signal();
    }

    Lane lane() {
        return lane;
    }

    /** A slot now, or after waiting in the queue; empty when the queue is full or the wait runs out. */
    Optional<Permit> acquire() {
        var now = tryNow();
        if (now.isPresent()) {
            return now;
        }
        if (waiting.incrementAndGet() > maxQueue) {
            waiting.decrementAndGet();
            rejected.increment();
            return Optional.empty();
        }
        queued.increment();
        try {
            long deadline = System.nanoTime() + maxWaitNanos;
            lock.lock();
            try {
                while (true) {
                    var permit = tryNow();
                    if (permit.isPresent()) {
                        return permit;
                    }
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        rejected.increment();
                        return Optional.empty();
                    }
                    freed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                rejected.increment();
                return Optional.empty();
            } finally {
                lock.unlock();
            }
        } finally {
            waiting.decrementAndGet();
        }
    }

    private Optional<Permit> tryNow() {
        Optional<Limiter.Listener> listener = limiter.acquire(null);
        if (listener.isEmpty()) {
            return Optional.empty();
        }
        admitted.increment();
        return Optional.of(new LanePermit(listener.get()));
    }

    int limit() {
        return limiter.getLimit();
    }

    int inflight() {
        return limiter.getInflight();
    }

    int waiting() {
        return waiting.get();
    }

    private void signal() {
        if (waiting.get() == 0) {
            return;
        }
        lock.lock();
        try {
            freed.signal();
        } finally {
            lock.unlock();
        }
    }

    private final class LanePermit implements Permit {
        private final Limiter.Listener listener;
        private boolean released;

        LanePermit(Limiter.Listener listener) {
            this.listener = listener;
        }

        @Override
        public synchronized void success() {
            if (!released) {
                released = true;
                listener.onSuccess();
                completions.mark();
                signal();
            }
        }

        @Override
        public synchronized void ignore() {
            if (!released) {
                released = true;
                listener.onIgnore();
                signal();
            }
        }
    }
}
