package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.preau.PreauApplication;
import org.preau.directory.SchoolCalendar;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.platform.SchoolTime;
import org.preau.support.HttpUser;
import org.preau.support.SharedPostgres;
import org.preau.support.TestSchool;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes sharing one database serve one room: what is said on node A reaches a pupil connected to node B (the
 * signal goes through PostgreSQL NOTIFY, the events through the table); the pupil's connection moves from B to A and
 * resumes from its last number, losing and repeating nothing. And a room's state survives its node's restart.
 */
class RoomAcrossNodesTest {

    static final String PASSWORD = "une phrase de passe pour deux serveurs";

    @Test
    void twoNodesServeOneRoomAndAConnectionMovingBetweenThemLosesNothing() throws Exception {
        String url = SharedPostgres.newDatabase();
        try (var a = node(url);
                var b = node(url)) {
            var school = TestSchool.create(a.getBean(JdbcClient.class));
            var roomsA = a.getBean(RoomService.class);
            var roomsB = b.getBean(RoomService.class);
            var room = lessonRoom(a, school);
            roomsA.open(school.mathsTeacher, room.id());

            var pupil = signedIn(a, school.pupil, port(b));
            List<String> sent = new ArrayList<>();
            try (var client = new RoomClient().connect(port(b), pupil.cookies, room.id(), 0)) {
                for (int i = 1; i <= 5; i++) {
                    sent.add("sur A " + i);
                    roomsA.post(school.mathsTeacher, room.id(), "sur A " + i);
                }
                // What node A wrote, node B's pupil receives.
                client.awaitSeq(a.getBean(LiveHub.class).state(room).lastSeq());
                assertThat(client.chatTexts()).containsExactlyElementsOf(sent);

                client.drop();
                long seen = client.lastSeq();
                for (int i = 1; i <= 3; i++) {
                    sent.add("sur B " + i);
                    roomsB.post(school.mathsTeacher, room.id(), "sur B " + i);
                }
                // The proxy now sends the pupil to node A: they resume there from where they were.
                client.connect(port(a), pupil.cookies, room.id(), seen);
                sent.add("encore sur A");
                roomsA.post(school.mathsTeacher, room.id(), "encore sur A");
                long last = a.getBean(LiveHub.class).state(room).lastSeq();
                client.awaitSeq(last);

                // Every number once, in order, from 1 (a leave may still come in after `last`: it is numbered too).
                var seqs = client.seqs();
                assertThat(seqs)
                        .isEqualTo(
                                LongStream.rangeClosed(1, seqs.size()).boxed().toList());
                assertThat(seqs.size()).isGreaterThanOrEqualTo((int) last);
                assertThat(client.chatTexts()).containsExactlyElementsOf(sent);
                // Both nodes folded the same room.
                assertThat(b.getBean(LiveHub.class).state(room).chat())
                        .extracting(RoomState.Chat::text)
                        .containsExactlyElementsOf(sent);
            }
        }
    }

    @Test
    void aRoomsStateSurvivesItsNodesRestart() throws Exception {
        String url = SharedPostgres.newDatabase();
        TestSchool school;
        Room room;
        long poll;
        try (var a = node(url)) {
            school = TestSchool.create(a.getBean(JdbcClient.class));
            var rooms = a.getBean(RoomService.class);
            room = lessonRoom(a, school);
            rooms.open(school.mathsTeacher, room.id());
            rooms.post(school.pupil, room.id(), "Une question avant la coupure");
            rooms.raiseHand(school.pupil, room.id());
            rooms.openPoll(school.mathsTeacher, room.id(), "Prêts ?", List.of("Oui", "Non"), false, false);
            poll = a.getBean(LiveHub.class).state(room).polls().getFirst().seq();
            rooms.vote(school.otherPupil, room.id(), poll, List.of(0));
            rooms.stroke(school.mathsTeacher, room.id(), "#112233", 4, List.of(10, 10, 500, 500));
        }
        try (var again = node(url)) {
            var state = again.getBean(LiveHub.class).state(room);
            assertThat(state.state()).isEqualTo(Room.State.OPEN);
            assertThat(state.chat()).extracting(RoomState.Chat::text).containsExactly("Une question avant la coupure");
            assertThat(state.hands()).extracting(RoomState.Hand::account).containsExactly(school.pupil.accountId());
            assertThat(state.poll(poll).orElseThrow().counts()).containsExactly(1, 0);
            assertThat(state.strokes()).hasSize(1);
            // And the room goes on where it was: the next event takes the next number.
            long before = state.lastSeq();
            again.getBean(RoomService.class).post(school.mathsTeacher, room.id(), "On reprend");
            assertThat(again.getBean(LiveHub.class).state(room).lastSeq()).isEqualTo(before + 1);
            // The page without JavaScript shows it too.
            var pupil = signedIn(again, school.pupil, port(again));
            var page = pupil.get("/classe/" + room.id()).body();
            assertThat(page)
                    .contains("Une question avant la coupure")
                    .contains("On reprend")
                    .contains("Prêts ?");
        }
    }

    @Test
    void theConnectionsOfACrashedNodeLeaveThePresenceOfTheRoom() throws Exception {
        String url = SharedPostgres.newDatabase();
        try (var a = node(url, FAST_BEATS)) {
            var school = TestSchool.create(a.getBean(JdbcClient.class));
            var room = lessonRoom(a, school);
            a.getBean(RoomService.class).open(school.mathsTeacher, room.id());
            var hubA = a.getBean(LiveHub.class);

            // Node B is a JVM of its own, so that it can really crash (SIGKILL: no orderly stop, no leave written).
            int portB = freePort();
            Process b = startNode(url, portB);
            try {
                var pupil = signedIn(a, school.pupil, portB);
                try (var client = new RoomClient().connect(portB, pupil.cookies, room.id(), 0)) {
                    client.awaitSeq(2);
                    awaitPresent(hubA, room, school.pupil, true);
                    b.destroyForcibly();
                    assertThat(b.waitFor(60, TimeUnit.SECONDS)).isTrue();

                    // Node A gives the lost connection its leave: the pupil leaves the presence and the attendance
                    // has a leave time (polled: a bound, not a speed).
                    awaitPresent(hubA, room, school.pupil, false);
                    assertThat(hubA.state(room).stays())
                            .filteredOn(stay -> stay.account().equals(school.pupil.accountId()))
                            .singleElement()
                            .satisfies(stay -> assertThat(stay.left()).isPresent());
                    assertThat(a.getBean(JdbcClient.class)
                                    .sql("select count(*) from classroom_event where room_id = ? and kind = 'leave'")
                                    .param(room.id())
                                    .query(Long.class)
                                    .single())
                            .as("one leave, written once")
                            .isEqualTo(1);
                }
            } finally {
                b.destroyForcibly();
            }
        }
    }

    /** Beats every second, a node is lost after 6 s without one (the defaults are 5 s and 30 s). */
    static final String[] FAST_BEATS = {"preau.classroom.node.heartbeat=1s", "preau.classroom.node.lost-after=6s"};

    private static void awaitPresent(LiveHub hub, Room room, CurrentUser user, boolean present)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (hub.state(room).present().stream().anyMatch(p -> p.account().equals(user.accountId())) != present) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(user.displayName() + (present ? " never arrived" : " never left"));
            }
            Thread.sleep(200);
        }
    }

    /** Starts the application in a child JVM on the same database, and waits until it answers. */
    private static Process startNode(String url, int port) throws Exception {
        var log = java.nio.file.Path.of("target", "crashing-node-" + port + ".log");
        var command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                PreauApplication.class.getName(),
                "--preau.db.url=" + url,
                "--preau.db.user=postgres",
                "--preau.db.password=",
                "--preau.demo=true",
                "--preau.data-dir=target/test-data",
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.hikari.maximum-pool-size=5",
                "--logging.level.root=WARN"));
        for (String p : FAST_BEATS) {
            command.add("--" + p);
        }
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        var http = java.net.http.HttpClient.newHttpClient();
        var probe = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/connexion"))
                .timeout(java.time.Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("node B did not start: " + java.nio.file.Files.readString(log));
            }
            try {
                if (http.send(probe, java.net.http.HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return process;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        process.destroyForcibly();
        throw new AssertionError("node B did not come up");
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Room lessonRoom(ConfigurableApplicationContext node, TestSchool school) {
        var jdbc = node.getBean(JdbcClient.class);
        LocalDate day =
                ClassroomFixtures.schoolDay(node.getBean(SchoolCalendar.class), school, LocalDate.now(SchoolTime.ZONE));
        return node.getBean(RoomService.class)
                .prepareLesson(school.mathsTeacher, ClassroomFixtures.mathsSlot(jdbc, school, day), day);
    }

    private static HttpUser signedIn(ConfigurableApplicationContext node, CurrentUser user, int port) throws Exception {
        node.getBean(Accounts.class).setPassword(user.accountId(), PASSWORD);
        var http = new HttpUser(port);
        assertThat(http.logIn(user.login(), PASSWORD, false).statusCode()).isEqualTo(302);
        return http;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static ConfigurableApplicationContext node(String url, String... extra) {
        return new SpringApplicationBuilder(PreauApplication.class)
                .properties(extra)
                .properties(
                        "preau.db.url=" + url,
                        "preau.db.user=postgres",
                        "preau.db.password=",
                        "preau.demo=true",
                        "preau.data-dir=target/test-data",
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.datasource.hikari.maximum-pool-size=5")
                .run();
    }
}
