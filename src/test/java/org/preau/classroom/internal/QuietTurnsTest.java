package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** ADR 0094: storm work is given a turn only while the scheduler's queue is short, or after waiting its longest. */
class QuietTurnsTest {

    @Test
    void aTurnWaitsForAQuietSchedulerAndTheWaitersGoInTheirOrder() throws Exception {
        // Quiet for one look of the dispatcher per token: one waiter let go at a time, so the order is the release's.
        var tokens = new AtomicInteger();
        var turns = new QuietTurns(
                () -> tokens.getAndUpdate(t -> Math.max(0, t - 1)) > 0 ? 0 : 50, 2, Duration.ofMinutes(1));
        List<Integer> went = new CopyOnWriteArrayList<>();
        var threads = new Thread[3];
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    turns.await();
                    went.add(n);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // In this order: each waits before the next comes.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (turns.waiting() < n + 1 && System.nanoTime() < until) {
                Thread.sleep(1);
            }
        }
        assertThat(turns.waiting()).isEqualTo(3);
        Thread.sleep(100);
        assertThat(went).as("nobody goes while the scheduler is busy").isEmpty();

        for (int k = 1; k <= threads.length; k++) {
            tokens.incrementAndGet();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (went.size() < k && System.nanoTime() < until) {
                Thread.sleep(1);
            }
            assertThat(went).hasSize(k);
        }
        for (var t : threads) {
            assertThat(t.join(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(went).containsExactly(0, 1, 2);
        assertThat(turns.quiet.sum()).isEqualTo(3);
        assertThat(turns.forced.sum()).isZero();
    }

    @Test
    void aQuietSchedulerGivesTheTurnAtOnceAndABusyOneAfterTheLongestWait() throws Exception {
        var queued = new AtomicInteger(0);
        var turns = new QuietTurns(queued::get, 2, Duration.ofMillis(200));
        long t0 = System.nanoTime();
        turns.await();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(100);
        assertThat(turns.quiet.sum()).isEqualTo(1);

        queued.set(1_000); // a core that is never idle: the storm still goes, at its own pace
        t0 = System.nanoTime();
        turns.await();
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(waited).isBetween(190L, 5_000L);
        assertThat(turns.forced.sum()).isEqualTo(1);
        assertThat(turns.waiting()).isZero();
    }

    @Test
    void theJvmsSchedulerQueueCanBeRead() {
        // The bean the node reads (not the fallback that never holds anything back).
        var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                jdk.management.VirtualThreadSchedulerMXBean.class);
        assertThat(bean).isNotNull();
        assertThat(bean.getQueuedVirtualThreadCount()).isGreaterThanOrEqualTo(0);
        assertThat(QuietTurns.schedulerQueue().getAsInt()).isGreaterThanOrEqualTo(0);
    }
}
