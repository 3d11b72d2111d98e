package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.platform.web.Problem;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ADR 0087 on the real database: live actions that arrive together are written together (one statement for many,
 * numbered without gap in the order they came, a room closed in the database refused inside the same batch), and a
 * join the database refuses for now (its room's row held past the statement timeout) is written by a later attempt
 * while the connection stays open.
 */
@PreauIntegrationTest
class LiveBatchingTest {

    static final String PASSWORD = "une phrase de passe pour les lots";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    RoomService rooms;

    @Autowired
    EventLog log;

    @Autowired
    LiveHub hub;

    @Autowired
    Accounts accounts;

    @Autowired
    ClassroomSocket socket;

    @Autowired
    org.springframework.boot.web.servlet.FilterRegistrationBean<HandshakeGate> gate;

    TestSchool school;

    @BeforeEach
    void school() {
        RealCsrf.restore(context);
        school = TestSchool.create(jdbc);
    }

    private Room openRoom(String title) {
        var room = rooms.createAdHoc(school.mathsTeacher, school.classId, title);
        rooms.open(school.mathsTeacher, room.id());
        return room;
    }

    private long lastSeq(UUID roomId) {
        return jdbc.sql("select last_seq from classroom_room where id = ?")
                .param(roomId)
                .query(Long.class)
                .single();
    }

    @Test
    void actionsArrivingTogetherAreWrittenTogetherInOrderAndAClosedRoomsAreRefusedInTheSameBatch() throws Exception {
        var open = openRoom("Ouverte");
        var closing = openRoom("Fermée ailleurs");
        long openBefore = lastSeq(open.id());
        long closingBefore = lastSeq(closing.id());
        // Closed by another node whose event this node has not seen yet: only the append can tell.
        jdbc.sql("update classroom_room set state = 'CLOSED' where id = ?")
                .param(closing.id())
                .update();
        long batchesBefore = log.batches.sum();
        long actionsBefore = log.batchedActions.sum();

        int n = 60;
        var start = new CountDownLatch(1);
        var refused = ConcurrentHashMap.<Integer>newKeySet();
        var failures = new ConcurrentHashMap<Integer, Throwable>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    start.await();
                    var author = k % 2 == 0 ? school.pupil : school.otherPupil;
                    rooms.post(author, (k % 3 == 0 ? closing : open).id(), "message " + k);
                } catch (Problem p) {
                    refused.add(k);
                } catch (Throwable e) {
                    failures.put(k, e);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }

        assertThat(failures).as("actions that failed otherwise than refused").isEmpty();
        Set<Integer> toClosed =
                IntStream.range(0, n).filter(k -> k % 3 == 0).boxed().collect(Collectors.toSet());
        assertThat(refused)
                .as("every action in the room closed in the database, and only those")
                .isEqualTo(toClosed);
        assertThat(lastSeq(closing.id())).as("the closed room's number").isEqualTo(closingBefore);

        var written = jdbc.sql("""
                        select seq, body->>'text' as text from classroom_event
                        where room_id = ? and seq > ? order by seq""")
                .params(open.id(), openBefore)
                .query((rs, row) -> new Object[] {rs.getLong("seq"), rs.getString("text")})
                .list();
        int accepted = n - toClosed.size();
        assertThat(written.stream().map(r -> (Long) r[0]).toList())
                .as("numbers without gap or repeat")
                .containsExactlyElementsOf(LongStream.rangeClosed(openBefore + 1, openBefore + accepted)
                        .boxed()
                        .toList());
        assertThat(written.stream().map(r -> (String) r[1]).collect(Collectors.toSet()))
                .as("every accepted message, once")
                .isEqualTo(IntStream.range(0, n)
                        .filter(k -> k % 3 != 0)
                        .mapToObj(k -> "message " + k)
                        .collect(Collectors.toSet()));
        assertThat(lastSeq(open.id())).isEqualTo(openBefore + accepted);
        // This node applied every written event as the batch came back, without reading it again.
        assertThat(hub.current(open).lastSeq()).isEqualTo(openBefore + accepted);

        long batches = log.batches.sum() - batchesBefore;
        long actions = log.batchedActions.sum() - actionsBefore;
        System.out.printf("[classroom] %d live actions written in %d statements%n", actions, batches);
        assertThat(actions).as("every action went through a batch").isEqualTo(n);
        assertThat(batches)
                .as("statements: fewer than the actions, as they came together")
                .isLessThan(n);

        // One writer's actions keep their order.
        long before = lastSeq(open.id());
        for (int i = 0; i < 5; i++) {
            rooms.post(school.pupil, open.id(), "suite " + i);
        }
        assertThat(jdbc.sql("select body->>'text' from classroom_event where room_id = ? and seq > ? order by seq")
                        .params(open.id(), before)
                        .query(String.class)
                        .list())
                .containsExactly("suite 0", "suite 1", "suite 2", "suite 3", "suite 4");
    }

    @Test
    void aJoinTheDatabaseRefusesForNowIsWrittenLaterAndTheConnectionStaysOpen() throws Exception {
        var room = openRoom("Rejointe plus tard");
        accounts.setPassword(school.pupil.accountId(), PASSWORD);
        var pupil = new HttpUser(port);
        assertThat(pupil.logIn(school.pupil.login(), PASSWORD, false).statusCode())
                .isEqualTo(302);

        // Another transaction holds the room's row for 2.5 s: the join's statement (1.5 s at most) is cancelled.
        var held = new CountDownLatch(1);
        var holder = Thread.ofPlatform()
                .start(() -> tx.executeWithoutResult(s -> {
                    jdbc.sql("select id from classroom_room where id = ? for update")
                            .param(room.id())
                            .query(UUID.class)
                            .single();
                    held.countDown();
                    try {
                        Thread.sleep(2500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
        assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
        long retriesBefore = socket.presenceRetries.sum();
        long gatedBefore = gate.getFilter().served.sum();
        try (var client = new RoomClient().connect(port, pupil.cookies, room.id(), 0)) {
            holder.join();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (joins(room) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(joins(room))
                    .as("the pupil's join, written by a later attempt")
                    .isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from classroom_connection where room_id = ? and account_id = ?")
                            .params(room.id(), school.pupil.accountId())
                            .query(Integer.class)
                            .single())
                    .as("its connection row")
                    .isEqualTo(1);
            client.awaitSeq(lastSeq(room.id()));
            assertThat(client.isOpen()).as("the connection was never closed").isTrue();
            assertThat(gate.getFilter().served.sum() - gatedBefore)
                    .as("its handshake went through the gate (ADR 0088)")
                    .isEqualTo(1);
        }
    }

    @Test
    void anActionTheDatabaseRefusesIsAnErrorFrameInTheUsersLanguageAndTheConnectionStays() throws Exception {
        var room = openRoom("Très sollicitée");
        accounts.setPassword(school.pupil.accountId(), PASSWORD);
        var pupil = new HttpUser(port);
        assertThat(pupil.logIn(school.pupil.login(), PASSWORD, false).statusCode())
                .isEqualTo(302);
        try (var client = new RoomClient().connect(port, pupil.cookies, room.id(), 0)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (joins(room) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // its join is written after the connection opens
            }
            long before = lastSeq(room.id());
            client.awaitSeq(before);
            var held = new CountDownLatch(1);
            var release = new CountDownLatch(1);
            var holder = Thread.ofPlatform()
                    .start(() -> tx.executeWithoutResult(s -> {
                        jdbc.sql("select id from classroom_room where id = ? for update")
                                .param(room.id())
                                .query(UUID.class)
                                .single();
                        held.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            // The batch's statement waits for the row past the statement timeout (1.5 s) and is cancelled.
            client.send("{\"action\":\"chat\",\"text\":\"pendant le verrou\",\"ref\":\"r1\"}");
            var error = client.awaitError();
            release.countDown();
            holder.join();
            assertThat(error.path("ref").asString()).isEqualTo("r1");
            assertThat(error.path("message").asString()).contains("réessayez");
            assertThat(client.isOpen()).as("the connection stays").isTrue();
            assertThat(lastSeq(room.id())).as("nothing was written").isEqualTo(before);
            // And the next action goes through on the same connection.
            client.send("{\"action\":\"chat\",\"text\":\"après le verrou\"}");
            client.awaitSeq(before + 1);
            assertThat(client.chatTexts()).contains("après le verrou").doesNotContain("pendant le verrou");
        }
    }

    private int joins(Room room) {
        return jdbc.sql("select count(*) from classroom_event where room_id = ? and kind = 'join' and actor_id = ?")
                .params(room.id(), school.pupil.accountId())
                .query(Integer.class)
                .single();
    }
}
