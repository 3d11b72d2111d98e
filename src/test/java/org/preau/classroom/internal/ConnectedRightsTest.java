package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
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
 * A connection's rights are decided at its handshake and its actions are checked without a query (ADR 0072); what
 * changes while it is open still takes effect at once on it: the teacher mutes the pupil or lets pupils draw (the
 * room's state, kept current by the stream), and a room closed in the database refuses the next action even before
 * this node has heard of the closing (the append itself checks the room row).
 */
@PreauIntegrationTest
class ConnectedRightsTest {

    static final String PASSWORD = "une phrase de passe pour les droits";

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

    private HttpUser signedIn(CurrentUser user) throws Exception {
        accounts.setPassword(user.accountId(), PASSWORD);
        var http = new HttpUser(port);
        assertThat(http.logIn(user.login(), PASSWORD, false).statusCode()).isEqualTo(302);
        return http;
    }

    /** The next error frame (a liveness bound, not a timing assertion). */
    private static JsonNode nextError(RoomClient client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            var frame = client.frames.poll(200, TimeUnit.MILLISECONDS);
            if (frame != null && "error".equals(frame.path("type").asString(""))) {
                return frame;
            }
        }
        throw new AssertionError("no error frame");
    }

    private long eventsInTable() {
        return jdbc.sql("select count(*) from classroom_event where room_id = ?")
                .param(room.id())
                .query(Long.class)
                .single();
    }

    @Test
    void aMuteAndABoardPermissionTakeEffectAtOnceOnAnOpenConnection() throws Exception {
        var pupil = signedIn(school.pupil);
        try (var client = new RoomClient().connect(port, pupil.cookies, room.id(), 0)) {
            long joined = hub.lastSeq(room.id());
            client.awaitSeq(joined);
            client.send("{\"action\":\"chat\",\"text\":\"avant\"}");
            client.awaitSeq(joined + 1);

            rooms.mute(school.mathsTeacher, room.id(), school.pupil.accountId(), true);
            long written = eventsInTable();
            client.send("{\"action\":\"chat\",\"text\":\"pendant\"}");
            assertThat(nextError(client).path("message").asString())
                    .isEqualTo("Votre professeur a désactivé vos messages.");
            assertThat(eventsInTable())
                    .as("nothing written for the refused message")
                    .isEqualTo(written);

            rooms.mute(school.mathsTeacher, room.id(), school.pupil.accountId(), false);
            client.send("{\"action\":\"board.stroke\",\"color\":\"#000000\",\"width\":3,\"points\":[1,2,3,4]}");
            assertThat(nextError(client).path("message").asString()).isNotBlank();
            rooms.letPupilsDraw(school.mathsTeacher, room.id(), true);
            long allowed = hub.lastSeq(room.id());
            client.send("{\"action\":\"board.stroke\",\"color\":\"#000000\",\"width\":3,\"points\":[1,2,3,4]}");
            client.send("{\"action\":\"chat\",\"text\":\"après\"}");
            client.awaitSeq(allowed + 2);
            assertThat(client.chatTexts()).containsExactly("avant", "après");
            assertThat(hub.state(room).strokes()).hasSize(1);
        }
    }

    @Test
    void aRoomClosedInTheDatabaseRefusesTheNextActionBeforeThisNodeHearsOfIt() throws Exception {
        var pupil = signedIn(school.pupil);
        try (var client = new RoomClient().connect(port, pupil.cookies, room.id(), 0)) {
            client.awaitSeq(hub.lastSeq(room.id()));
            // As another node's closing would leave it while its signal is still on the way: the row says CLOSED,
            // this node's copy of the room still says OPEN.
            jdbc.sql("update classroom_room set state = 'CLOSED' where id = ?")
                    .param(room.id())
                    .update();
            assertThat(hub.current(room).state()).isEqualTo(Room.State.OPEN);
            long written = eventsInTable();
            client.send("{\"action\":\"chat\",\"text\":\"trop tard\"}");
            assertThat(nextError(client).path("message").asString()).isEqualTo("La classe est terminée.");
            client.send("{\"action\":\"hand.raise\"}");
            assertThat(nextError(client).path("message").asString()).isEqualTo("La classe est terminée.");
            assertThat(eventsInTable()).as("nothing written in a closed room").isEqualTo(written);
            assertThat(client.chatTexts()).isEmpty();
        }
    }

    @Test
    void aPupilTakenOutOfTheClassLosesTheConnectionAndCannotComeBackWhileTheTeacherStays() throws Exception {
        var pupil = signedIn(school.pupil);
        var teacher = signedIn(school.mathsTeacher);
        try (var pupilClient = new RoomClient().connect(port, pupil.cookies, room.id(), 0);
                var teacherClient = new RoomClient().connect(port, teacher.cookies, room.id(), 0)) {
            pupilClient.awaitSeq(1);
            teacherClient.awaitSeq(1);
            // As the directory's writers do: the change and its event in one transaction.
            context.getBean(org.springframework.transaction.support.TransactionTemplate.class)
                    .executeWithoutResult(tx -> {
                        jdbc.sql("delete from class_enrolment where school_id = ? and pupil_id = ?")
                                .params(school.schoolId, school.pupil.accountId())
                                .update();
                        context.publishEvent(org.preau.directory.DirectoryChanged.of(school.schoolId));
                    });
            // Asked again, the directory says no: the connection is closed, and its reconnection refused.
            assertThat(pupilClient.awaitClosed().getCode()).isEqualTo(ConnectionRights.RIGHTS_CHANGED.getCode());
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> new RoomClient().connect(port, pupil.cookies, room.id(), 0))
                    .hasStackTraceContaining("403");
            // The teacher, asked again too, is still the teacher.
            teacherClient.send("{\"action\":\"chat\",\"text\":\"toujours là\"}");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!teacherClient.chatTexts().contains("toujours là") && System.nanoTime() < deadline) {
                teacherClient.frames.poll(200, TimeUnit.MILLISECONDS);
            }
            assertThat(teacherClient.chatTexts()).containsExactly("toujours là");
            assertThat(teacherClient.isOpen()).isTrue();
        }
    }

    @Test
    void aMessageNumberedAfterItsAuthorsMuteIsWithheldByTheFold() {
        var pupil = school.pupil.accountId();
        var state = new RoomState(Room.State.OPEN);
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var at = java.time.Instant.parse("2026-12-01T09:00:00Z");
        var teacher = java.util.Optional.of(school.mathsTeacher.accountId());
        state.apply(new RoomEvent(room.id(), 1, "chat", java.util.Optional.of(pupil), chat(json, pupil, "avant"), at));
        var mute = json.createObjectNode();
        mute.put("account", pupil.toString());
        mute.put("name", "Élève");
        mute.put("muted", true);
        state.apply(new RoomEvent(room.id(), 2, "mute", teacher, mute, at));
        // Sent from a node that had not applied the mute yet: numbered after it, so withheld everywhere.
        var late = new RoomEvent(room.id(), 3, "chat", java.util.Optional.of(pupil), chat(json, pupil, "pendant"), at);
        state.apply(late);
        assertThat(state.chat()).extracting(RoomState.Chat::text).containsExactly("avant", "");
        assertThat(state.chat().get(1).deleted()).isTrue();
        var shown = state.render(late, school.otherPupil.accountId(), Room.Role.PARTICIPANT, json.createObjectNode());
        assertThat(shown.path("body").has("text")).isFalse();
        assertThat(shown.path("body").path("deleted").asBoolean()).isTrue();
        assertThat(List.of(state.lastSeq())).containsExactly(3L);
    }

    private static tools.jackson.databind.node.ObjectNode chat(
            tools.jackson.databind.json.JsonMapper json, java.util.UUID account, String text) {
        var b = json.createObjectNode();
        b.put("account", account.toString());
        b.put("name", "Élève");
        b.put("text", text);
        return b;
    }
}
