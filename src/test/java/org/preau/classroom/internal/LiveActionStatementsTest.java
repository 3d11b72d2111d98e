package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.platform.ClusterBus;
import org.preau.platform.SchoolTime;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.socket.TextMessage;

/**
 * What one action of a connected participant costs in SQL statements (counted, not timed: ADR 0072). The frame is
 * handed to the room's socket handler exactly as Tomcat hands it, on the test's thread, for a pupil whose connection
 * went through a real handshake; the count includes what the action's NOTIFY makes this node do on the cluster bus's
 * thread (the window closes behind a second signal, which the bus delivers after the action's). Before ADR 0072 a
 * pupil's chat message cost 8 statements here (the room read again, two catch-up reads before the append, the
 * three-statement append, one catch-up read after it, and the catch-up its own NOTIFY caused on the bus's thread);
 * now it costs one: the append, a single statement that numbers, inserts and notifies. A vote and a raised hand cost
 * 8 then and 1 now; a connection's join 6 then (5 on its thread, the NOTIFY's read) and 2 now (its event and its
 * connection row, in one transaction).
 */
@PreauIntegrationTest
class LiveActionStatementsTest {

    static final String PASSWORD = "une phrase de passe pour compter";
    static final String TOPIC = "classroom.test.fence";
    static final Map<String, CountDownLatch> FENCES = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RoomService rooms;

    @Autowired
    LiveHub hub;

    @Autowired
    ClassroomSocket socket;

    @Autowired
    ClusterBus bus;

    @Autowired
    Accounts accounts;

    @Autowired
    SchoolCalendar calendar;

    TestSchool school;
    Room room;

    @BeforeEach
    void openRoom() {
        RealCsrf.restore(context);
        school = TestSchool.create(jdbc);
        LocalDate day = ClassroomFixtures.schoolDay(calendar, school, LocalDate.now(SchoolTime.ZONE));
        room = rooms.prepareLesson(school.mathsTeacher, ClassroomFixtures.mathsSlot(jdbc, school, day), day);
        rooms.open(school.mathsTeacher, room.id());
        if (FENCES.isEmpty()) {
            bus.subscribe(TOPIC, payload -> {
                var fence = FENCES.get(payload);
                if (fence != null) {
                    fence.countDown();
                }
            });
            FENCES.put("", new CountDownLatch(0));
        }
    }

    private HttpUser signedIn(CurrentUser user) throws Exception {
        accounts.setPassword(user.accountId(), PASSWORD);
        var http = new HttpUser(port);
        assertThat(http.logIn(user.login(), PASSWORD, false).statusCode()).isEqualTo(302);
        return http;
    }

    /**
     * Returns once a signal published now has been through this node's bus: the bus delivers in commit order, so
     * whatever earlier signals made this node do has been done. Published from a thread of its own, so that the
     * fence's NOTIFY is never counted as the action's.
     */
    private void fence() throws InterruptedException {
        String id = UUID.randomUUID().toString();
        var fence = new CountDownLatch(1);
        FENCES.put(id, fence);
        var publisher = Thread.ofVirtual().start(() -> bus.publish(TOPIC, id));
        publisher.join();
        assertThat(fence.await(60, TimeUnit.SECONDS)).as("the fence signal").isTrue();
    }

    /** The statements one frame of {@code user}'s connection costs, its NOTIFY's effects on this node included. */
    private List<String> statementsOf(RoomClient client, CurrentUser user, String frame) throws Exception {
        var p = hub.participants().stream()
                .filter(x -> x.user.accountId().equals(user.accountId())
                        && x.room.id().equals(room.id()))
                .findFirst()
                .orElseThrow();
        long before = hub.lastSeq(room.id());
        List<String> statements;
        fence(); // what earlier signals make this node do is theirs
        LiveStatements.start();
        try {
            socket.handleTextMessage(p.session, new TextMessage(frame));
            client.awaitSeq(before + 1);
            fence();
        } finally {
            statements = LiveStatements.stop();
        }
        System.out.printf("[classroom] %s: %d statements%n", frame, statements.size());
        statements.forEach(s -> System.out.println("[classroom]   " + s));
        return statements;
    }

    @Test
    void aConnectedPupilsVoteAndRaisedHandCostOneStatementEach() throws Exception {
        var pupil = signedIn(school.pupil);
        try (var client = new RoomClient().connect(port, pupil.cookies, room.id(), 0)) {
            client.awaitSeq(hub.lastSeq(room.id()));
            rooms.openPoll(school.mathsTeacher, room.id(), "Prêts ?", List.of("Oui", "Non"), false, false);
            long poll = hub.state(room).polls().getLast().seq();
            client.awaitSeq(poll);
            statementsOf(client, school.pupil, "{\"action\":\"chat\",\"text\":\"échauffement\"}");
            var vote = statementsOf(
                    client, school.pupil, "{\"action\":\"poll.vote\",\"poll\":" + poll + ",\"choices\":[0]}");
            assertThat(vote).as("the vote's statements").hasSize(1);
            var hand = statementsOf(client, school.pupil, "{\"action\":\"hand.raise\"}");
            assertThat(hand).as("the raised hand's statements").hasSize(1);
            assertThat(hub.state(room).polls().getLast().counts()).containsExactly(1, 0);
            assertThat(hub.state(room).handRaised(school.pupil.accountId())).isTrue();
        }
    }

    @Test
    void aConnectionsJoinCostsTwoStatementsInOneTransaction() throws Exception {
        hub.current(room);
        fence();
        LiveStatements.start();
        List<String> statements;
        try {
            rooms.join(
                    school.otherPupil,
                    room,
                    Room.Role.PARTICIPANT,
                    UUID.randomUUID().toString(),
                    hub.node);
            fence();
        } finally {
            statements = LiveStatements.stop();
        }
        statements.forEach(s -> System.out.println("[classroom] join: " + s));
        // Before ADR 0072: five on this thread (three for the event, the connection row, a catch-up read) and the
        // NOTIFY's read on the bus's thread.
        assertThat(statements).hasSize(2);
        assertThat(statements.get(0)).contains("insert into classroom_event");
        assertThat(statements.get(1)).contains("insert into classroom_connection");
        assertThat(hub.current(room).present())
                .extracting(RoomState.Presence::account)
                .contains(school.otherPupil.accountId());
    }

    @Test
    void aConnectedPupilsChatMessageCostsOneStatement() throws Exception {
        var pupil = signedIn(school.pupil);
        try (var client = new RoomClient().connect(port, pupil.cookies, room.id(), 0)) {
            client.awaitSeq(hub.lastSeq(room.id()));
            // Once to warm what is cached (the directory's rights), then counted.
            statementsOf(client, school.pupil, "{\"action\":\"chat\",\"text\":\"échauffement\"}");
            var statements = statementsOf(client, school.pupil, "{\"action\":\"chat\",\"text\":\"Bonjour\"}");
            assertThat(statements).as("the chat message's statements").hasSize(1);
            assertThat(client.chatTexts()).containsExactly("échauffement", "Bonjour");
        }
    }
}
