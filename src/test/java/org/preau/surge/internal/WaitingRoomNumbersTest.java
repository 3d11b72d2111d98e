package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
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
        Instant issued = Instant.now().minus(Duration.ofSeconds(30));
        Ticket stale = new Ticket(0, issued, issued.plus(Duration.ofMinutes(30)));
        try (var holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (var st = holder.createStatement()) {
                // Holds a lock that nextval() waits for, as a stalled or saturated database would make it wait.
                st.execute("alter sequence surge_ticket_seq increment by 1");
            }
            AtomicLong firstDone = new AtomicLong(), secondDone = new AtomicLong();
            var first = CompletableFuture.supplyAsync(() -> {
                var t = room.claim(stale);
                firstDone.set(System.nanoTime());
                return t;
            });
            // The first request is inside the draw, waiting on the lock the holder keeps.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (waitersOnTheSequence() == 0 && !first.isDone() && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(first).as("the first claim waits on the database").isNotDone();
            var second = CompletableFuture.supplyAsync(() -> {
                var t = room.claim(stale);
                secondDone.set(System.nanoTime());
                return t;
            });
            Ticket answered = second.get(30, TimeUnit.SECONDS);
            assertThat(answered)
                    .as("answered without a number, not behind the first")
                    .isSameAs(stale);
            holder.rollback();
            first.get(30, TimeUnit.SECONDS);
            assertThat(secondDone.get())
                    .as("the second visitor was answered before the first's draw ended")
                    .isLessThan(firstDone.get());
        }
        // Once the database answers, the ticket is numbered.
        assertThat(room.claim(stale).sequence()).isPositive();
    }

    private long waitersOnTheSequence() {
        return jdbc.sql("""
                        select count(*) from pg_stat_activity
                        where wait_event_type = 'Lock' and query like '%surge_ticket_seq%'""").query(Long.class).single();
    }
}
