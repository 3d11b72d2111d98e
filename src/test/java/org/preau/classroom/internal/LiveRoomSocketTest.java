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
            long seen = client.lastSeq();
            client.drop();
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
