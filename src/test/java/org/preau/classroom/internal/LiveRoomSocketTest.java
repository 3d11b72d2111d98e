package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
import org.preau.identity.Accounts;
import org.preau.platform.SchoolTime;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The room's WebSocket with a real client: a connection dropped in the middle of a lesson resumes from the last number
 * it saw and gets exactly what it missed (nothing lost, nothing twice); the handshake is refused from another site,
 * to a parent and to someone of another school; actions over the socket are checked like the page's.
 */
@PreauIntegrationTest
class LiveRoomSocketTest {

    static final String PASSWORD = "une phrase de passe pour la classe";

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
    }

    private HttpUser signedIn(org.preau.identity.CurrentUser user) throws Exception {
        accounts.setPassword(user.accountId(), PASSWORD);
        var http = new HttpUser(port);
        assertThat(http.logIn(user.login(), PASSWORD, false).statusCode()).isEqualTo(302);
        return http;
    }

    @Test
    void aDroppedConnectionResumesFromItsLastNumberWithoutLossOrDuplicate() throws Exception {
        var pupil = signedIn(school.pupil);
        List<String> sent = new ArrayList<>();
        try (var client = new RoomClient().connect(port, pupil.cookies, room.id(), 0)) {
            for (int i = 1; i <= 5; i++) {
                sent.add("avant " + i);
                rooms.post(school.mathsTeacher, room.id(), "avant " + i);
            }
            client.awaitSeq(hub.state(room).lastSeq());
            client.drop();
            long seen = client.lastSeq();
            // While the pupil is away, the lesson goes on.
            for (int i = 1; i <= 5; i++) {
                sent.add("pendant " + i);
                rooms.post(school.mathsTeacher, room.id(), "pendant " + i);
            }
            client.connect(port, pupil.cookies, room.id(), seen);
            for (int i = 1; i <= 3; i++) {
                sent.add("après " + i);
                rooms.post(school.mathsTeacher, room.id(), "après " + i);
            }
            long last = hub.state(room).lastSeq();
            client.awaitSeq(last);

            // Every number once, in order, from 1 (a leave may still come in after `last`: it is numbered too).
            var seqs = client.seqs();
            assertThat(seqs)
                    .isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
            assertThat(seqs.size()).isGreaterThanOrEqualTo((int) last);
            assertThat(client.chatTexts()).containsExactlyElementsOf(sent);
        }
    }

    @Test
    void aLateJoinerGetsTheRoomsStateThenOnlyTheEventsAfterIt() throws Exception {
        for (int i = 1; i <= 30; i++) {
            rooms.post(school.mathsTeacher, room.id(), "message " + i);
        }
        long third = hub.state(room).chat().get(2).seq();
        rooms.deleteMessage(school.mathsTeacher, room.id(), third);
        rooms.raiseHand(school.otherPupil, room.id());
        rooms.openPoll(school.mathsTeacher, room.id(), "Prêts ?", List.of("Oui", "Non"), false, false);
        long poll = hub.state(room).polls().getFirst().seq();
        rooms.vote(school.otherPupil, room.id(), poll, List.of(1));
        rooms.stroke(school.mathsTeacher, room.id(), "#112233", 4, List.of(10, 10, 500, 500));
        long before = hub.state(room).lastSeq();

        var pupil = signedIn(school.pupil);
        try (var client = new RoomClient().join(port, pupil.cookies, room.id())) {
            // The room as it is, at a number: not its history.
            var snapshot = client.awaitSnapshot();
            long at = snapshot.path("seq").asLong();
            assertThat(at).isGreaterThanOrEqualTo(before);
            var state = snapshot.path("state");
            assertThat(state.path("state").asString()).isEqualTo("OPEN");
            List<String> texts = new ArrayList<>();
            state.path("chat").forEach(c -> texts.add(c.path("text").asString("")));
            assertThat(texts).hasSize(30).contains("message 1", "message 30").doesNotContain("message 3");
            assertThat(state.path("chat").get(2).path("deleted").asBoolean()).isTrue();
            assertThat(state.path("hands").get(0).path("account").asString())
                    .isEqualTo(school.otherPupil.accountId().toString());
            var shownPoll = state.path("polls").get(0);
            assertThat(shownPoll.path("question").asString()).isEqualTo("Prêts ?");
            assertThat(shownPoll.path("counts").toString()).isEqualTo("[0,1]");
            // A pupil learns counts, never who chose what.
            assertThat(shownPoll.toString())
                    .doesNotContain(school.otherPupil.accountId().toString());
            assertThat(state.path("strokes").get(0).path("points").toString()).isEqualTo("[10,10,500,500]");
            assertThat(client.events)
                    .as("no replay of the log")
                    .allSatisfy(e -> assertThat(e.path("seq").asLong()).isGreaterThan(at));

            rooms.post(school.mathsTeacher, room.id(), "après");
            client.awaitSeq(hub.state(room).lastSeq());
            client.drop();
            long seen = client.lastSeq();
            rooms.post(school.mathsTeacher, room.id(), "pendant");
            client.connect(port, pupil.cookies, room.id(), seen);
            rooms.post(school.mathsTeacher, room.id(), "ensuite");
            long last = hub.state(room).lastSeq();
            client.awaitSeq(last);

            // Every number once, in order, from the snapshot's on; the resume with ?depuis= loses nothing.
            var seqs = client.seqs();
            assertThat(seqs)
                    .isEqualTo(LongStream.rangeClosed(at + 1, at + seqs.size())
                            .boxed()
                            .toList());
            assertThat(at + seqs.size()).isGreaterThanOrEqualTo(last);
            assertThat(client.chatTexts()).containsExactly("après", "pendant", "ensuite");
        }
    }

    @Test
    void signingOutClosesThatSessionsConnectionsAndDisablingTheAccountClosesTheRest() throws Exception {
        var laptop = signedIn(school.pupil);
        var phone = signedIn(school.pupil);
        try (var onLaptop = new RoomClient().connect(port, laptop.cookies, room.id(), 0);
                var onPhone = new RoomClient().connect(port, phone.cookies, room.id(), 0)) {
            onLaptop.awaitSeq(1);
            onPhone.awaitSeq(1);
            laptop.get("/classe/" + room.id()); // a page, as before any sign-out: it gives the form its CSRF token
            assertThat(laptop.post("/deconnexion", java.util.Map.of()).statusCode())
                    .isEqualTo(302);
            // The signed-out session's connection is closed (polled: a bound, not a speed); the phone's stays.
            assertThat(onLaptop.awaitClosed().getCode()).isEqualTo(4001);
            assertThat(onPhone.isOpen()).isTrue();
            // The account disabled: every session ends, and with them every connection.
            accounts.disable(List.of(school.pupil.accountId()));
            assertThat(onPhone.awaitClosed().getCode()).isEqualTo(4001);
        }
    }

    @Test
    void liveTrafficKeepsTheSessionAlive() throws Exception {
        var pupil = signedIn(school.pupil);
        String sessionId = new String(
                java.util.Base64.getDecoder().decode(pupil.cookies.get("PREAU_SESSION")),
                java.nio.charset.StandardCharsets.UTF_8);
        var sessions = context.getBean(org.springframework.session.FindByIndexNameSessionRepository.class);
        try (var client = new RoomClient().connect(port, pupil.cookies, room.id(), 0)) {
            client.awaitSeq(1);
            // After the handshake (an HTTP request, which touched the session), only WebSocket traffic.
            java.time.Instant handshake = sessions.findById(sessionId).getLastAccessedTime();
            java.time.Instant renewed = handshake;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!renewed.isAfter(handshake) && System.nanoTime() < deadline) {
                client.send("{\"action\":\"beat\"}");
                Thread.sleep(1000);
                renewed = sessions.findById(sessionId).getLastAccessedTime();
            }
            assertThat(renewed).as("the session's last use").isAfter(handshake);
        }
    }

    @Test
    void actionsOverTheSocketAreTheServicesAndAPupilCannotActAsTheTeacher() throws Exception {
        var pupil = signedIn(school.pupil);
        try (var client = new RoomClient().connect(port, pupil.cookies, room.id(), 0)) {
            client.send("{\"action\":\"chat\",\"text\":\"<script>alert(1)</script> bonjour\"}");
            client.send("{\"action\":\"hand.raise\"}");
            client.send("{\"action\":\"room.close\",\"role\":\"MODERATOR\"}");
            JsonNode error = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (error == null && System.nanoTime() < deadline) {
                var frame = client.frames.poll(200, TimeUnit.MILLISECONDS);
                if (frame != null && "error".equals(frame.path("type").asString(""))) {
                    error = frame;
                }
            }
            assertThat(error).as("the refusal, in French").isNotNull();
            assertThat(error.path("message").asString()).isEqualTo("Seul un professeur de la classe peut faire cela.");
            client.awaitSeq(hub.state(room).lastSeq());
            assertThat(client.chatTexts()).containsExactly("<script>alert(1)</script> bonjour");
            assertThat(hub.state(room).state()).isEqualTo(Room.State.OPEN);
            assertThat(hub.state(room).hands())
                    .extracting(RoomState.Hand::account)
                    .containsExactly(school.pupil.accountId());
            // The server took the role from the directory: the join says PARTICIPANT, whatever the client claims.
            assertThat(hub.state(room).present())
                    .filteredOn(p -> p.account().equals(school.pupil.accountId()))
                    .extracting(RoomState.Presence::role)
                    .containsExactly(Room.Role.PARTICIPANT);
        }
    }

    @Test
    void theHandshakeIsRefusedFromAnotherSiteToAParentAndAcrossSchools() throws Exception {
        var pupil = signedIn(school.pupil);
        assertThatThrownBy(() -> new RoomClient().connect(port, pupil.cookies, room.id(), 0, "http://evil.example"))
                .hasStackTraceContaining("403");
        var parent = signedIn(school.parent);
        assertThatThrownBy(() -> new RoomClient().connect(port, parent.cookies, room.id(), 0))
                .hasStackTraceContaining("403");
        var stranger = signedIn(TestSchool.create(jdbc).pupil);
        assertThatThrownBy(() -> new RoomClient().connect(port, stranger.cookies, room.id(), 0))
                .hasStackTraceContaining("404");
        assertThatThrownBy(() -> new RoomClient().connect(port, java.util.Map.of(), room.id(), 0))
                .isInstanceOf(Exception.class);
    }
}
