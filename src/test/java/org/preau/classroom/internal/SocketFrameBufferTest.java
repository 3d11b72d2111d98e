package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.server.ServerContainer;
import java.time.LocalDate;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
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
import org.springframework.web.context.WebApplicationContext;

/**
 * Tomcat gives every WebSocket connection a text buffer of the configured size up front (a {@code CharBuffer} of that
 * many chars, two bytes each), so that size is heap per participant: the live-classroom load scenario measured
 * ~205 KB per connection with 64 K chars (128 KB of it this buffer). The buffer is sized to the largest action a
 * client may legally send, a stroke of the most points at the largest coordinates, with room for JSON's escaping of
 * other actions; this checks that such a stroke still goes through a real connection, and that the buffer is not
 * much larger than it.
 */
@PreauIntegrationTest
class SocketFrameBufferTest {

    static final String PASSWORD = "une phrase de passe pour le tableau";

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

    /** The largest legal action: a stroke of {@code MAX_POINTS} points, every coordinate at the board's size. */
    static String largestStroke() {
        String points = String.join(
                ",", Collections.nCopies(2 * RoomService.MAX_POINTS, String.valueOf(RoomService.BOARD_SIZE)));
        return "{\"action\":\"board.stroke\",\"color\":\"#aabbcc\",\"width\":40,\"points\":[" + points + "]}";
    }

    @Test
    void theLargestLegalStrokeGoesThroughAndTheBufferEachConnectionHoldsIsNotMuchLarger() throws Exception {
        RealCsrf.restore(context);
        String stroke = largestStroke();
        var container = (ServerContainer)
                ((WebApplicationContext) context).getServletContext().getAttribute(ServerContainer.class.getName());
        int buffer = container.getDefaultMaxTextMessageBufferSize();
        assertThat(buffer).as("the text buffer holds the largest legal action").isGreaterThanOrEqualTo(stroke.length());
        assertThat(buffer)
                .as("the text buffer (allocated per connection) is at most twice the largest legal action")
                .isLessThanOrEqualTo(2 * stroke.length());
        assertThat(container.getDefaultMaxBinaryMessageBufferSize())
                .as("no binary frames are taken: their buffer, allocated per connection too, stays small")
                .isLessThanOrEqualTo(1024);

        var school = TestSchool.create(jdbc);
        LocalDate day = ClassroomFixtures.schoolDay(calendar, school, LocalDate.now(SchoolTime.ZONE));
        var room = rooms.prepareLesson(school.mathsTeacher, ClassroomFixtures.mathsSlot(jdbc, school, day), day);
        rooms.open(school.mathsTeacher, room.id());
        accounts.setPassword(school.mathsTeacher.accountId(), PASSWORD);
        var teacher = new HttpUser(port);
        assertThat(teacher.logIn(school.mathsTeacher.login(), PASSWORD, false).statusCode())
                .isEqualTo(302);
        try (var client = new RoomClient().connect(port, teacher.cookies, room.id(), 0)) {
            client.send(stroke);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (hub.state(room).strokes().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        var strokes = hub.state(room).strokes();
        assertThat(strokes).hasSize(1);
        assertThat(strokes.getFirst().points()).hasSize(2 * RoomService.MAX_POINTS);
    }
}
