package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
import org.preau.platform.ClusterBus;
import org.preau.platform.SchoolTime;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A catch-up reads the table without holding the room's lock (ADR 0072): while its read is slow, the room's fan-out
 * and its actions' checks (which take that lock) go on. A hub of its own, on the real event log and database, whose
 * reads can be held at a gate: while one is held, the room's state must still answer.
 */
@PreauIntegrationTest
class CatchUpLockTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ClusterBus bus;

    @Autowired
    JsonMapper json;

    @Autowired
    Clock clock;

    @Autowired
    RoomRepository roomRows;

    @Autowired
    RoomService rooms;

    @Autowired
    SchoolCalendar calendar;

    /** The real event log, whose reads wait at a gate once it is closed. */
    static final class GatedLog extends EventLog {
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch reading = new CountDownLatch(1);

        GatedLog(JdbcClient jdbc, ClusterBus bus, JsonMapper json, Clock clock) {
            super(jdbc, bus, json, clock);
        }

        @Override
        List<RoomEvent> since(Room room, long afterSeq) {
            var g = gate;
            if (g.getCount() > 0) {
                reading.countDown();
                try {
                    g.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.since(room, afterSeq);
        }
    }

    @Test
    void theRoomAnswersWhileACatchUpIsReading() throws Exception {
        var school = TestSchool.create(jdbc);
        LocalDate day = ClassroomFixtures.schoolDay(calendar, school, LocalDate.now(SchoolTime.ZONE));
        var room = rooms.prepareLesson(school.mathsTeacher, ClassroomFixtures.mathsSlot(jdbc, school, day), day);
        rooms.open(school.mathsTeacher, room.id());

        var log = new GatedLog(jdbc, bus, json, clock);
        var hub = new LiveHub(log, roomRows, bus);
        long seq = hub.state(room).lastSeq();
        assertThat(seq).isPositive();

        var gate = new CountDownLatch(1);
        log.gate = gate;
        // Threads of their own (the common pool may have a single thread on a small machine).
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        var catchUp = CompletableFuture.runAsync(() -> hub.catchUp(room.id()), threads);
        try {
            assertThat(log.reading.await(30, TimeUnit.SECONDS))
                    .as("the catch-up is reading")
                    .isTrue();
            // Its read held at the gate, the room's state still answers (a liveness bound, not a timing one).
            var answer = CompletableFuture.supplyAsync(() -> hub.current(room).lastSeq(), threads);
            assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(seq);
            assertThat(catchUp).isNotDone();
        } finally {
            gate.countDown();
        }
        catchUp.get(60, TimeUnit.SECONDS);
        threads.close();
    }
}
