package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Seen in the attack run of 2026-12-01T1847Z: a third of the waiting-room refreshes got no answer within 10 s. A
 * ticket's number is drawn from PostgreSQL under one lock; while one request waited on the database (a busy pool,
 * a slow answer), every other visitor's page queued behind that lock in turn. A visitor whose number cannot be drawn
 * at once keeps the provisional ticket (numbered at a later visit) and gets the page now.
 */
@PreauIntegrationTest
class WaitingRoomNumbersTest {

    @Autowired
    WaitingRoom room;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void whileOneRequestWaitsOnTheDatabaseForNumbersAnotherIsAnsweredWithoutOne() throws Exception {
        // The first claim's wait ends when PostgreSQL cancels it (statement timeout, 1.5 s): a second claim started
        // just before that instant cannot tell the two behaviours apart, so such an attempt is tried again.
        for (int attempt = 1; ; attempt++) {
            var outcome = oneAttempt();
            if (outcome.conclusive() || attempt == 3) {
                assertThat(outcome.conclusive())
                        .as("an attempt where the first claim still waited")
                        .isTrue();
                assertThat(outcome.secondDone())
                        .as("the second visitor was answered before the first's draw ended")
                        .isLessThan(outcome.firstDone());
                break;
            }
        }
        // Once the database answers, a stale provisional ticket is numbered.
        Instant issued = Instant.now().minus(Duration.ofSeconds(30));
        assertThat(room.claim(new Ticket(0, issued, issued.plus(Duration.ofMinutes(30))))
                        .sequence())
                .isPositive();
    }

    private record Outcome(long firstDone, long secondStarted, long secondDone) {
        boolean conclusive() {
            return firstDone > secondStarted + WaitingRoom.NUMBERS_LOCK_WAIT.toNanos();
        }
    }

    private Outcome oneAttempt() throws Exception {
        // Each claim on a thread of its own (the common pool may have one thread on a 2-core machine, and would run
        // the second claim only after the first).
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            return oneAttempt(threads);
        }
    }

    private Outcome oneAttempt(ExecutorService threads) throws Exception {
        Instant issued = Instant.now().minus(Duration.ofSeconds(30));
        Ticket stale = new Ticket(0, issued, issued.plus(Duration.ofMinutes(30)));
        try (var holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (var st = holder.createStatement()) {
                // Holds a lock that nextval() waits for, as a stalled or saturated database would make it wait.
                st.execute("alter sequence surge_ticket_seq increment by 1");
            }
            AtomicLong firstDone = new AtomicLong(), secondDone = new AtomicLong();
            var first = CompletableFuture.supplyAsync(
                    () -> {
                        var t = room.claim(stale);
                        firstDone.set(System.nanoTime());
                        return t;
                    },
                    threads);
            // The first request is inside the draw, waiting on the lock the holder keeps.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waitersOnTheSequence() == 0 && !first.isDone() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            long secondStarted = System.nanoTime();
            var second = CompletableFuture.supplyAsync(
                    () -> {
                        var t = room.claim(stale);
                        secondDone.set(System.nanoTime());
                        return t;
                    },
                    threads);
            Ticket answered = second.get(30, TimeUnit.SECONDS);
            first.get(30, TimeUnit.SECONDS);
            holder.rollback();
            assertThat(answered).as("answered without a number").isSameAs(stale);
            return new Outcome(firstDone.get(), secondStarted, secondDone.get());
        }
    }

    private long waitersOnTheSequence() {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where wait_event_type = 'Lock' and query like '%surge_ticket_seq%'""").query(Long.class).single();
    }
}
