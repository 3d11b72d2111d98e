package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
import org.preau.platform.SchoolTime;
import org.preau.platform.web.Problem;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who enters a room and what they may do there, asked of the service against the real directory: the server decides
 * roles, parents never enter, a pupil of another class is refused, someone of another school is told there is no
 * such room, a pupil cannot act as the teacher, a muted pupil cannot post.
 */
@PreauIntegrationTest
class ClassroomAccessTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RoomService rooms;

    @Autowired
    LiveHub hub;

    @Autowired
    SchoolCalendar calendar;

    TestSchool school;
    LocalDate day;
    Room maths;
    Room history;

    @BeforeEach
    void rooms() {
        school = TestSchool.create(jdbc);
        day = ClassroomFixtures.schoolDay(calendar, school, LocalDate.now(SchoolTime.ZONE));
        maths = rooms.prepareLesson(school.mathsTeacher, ClassroomFixtures.mathsSlot(jdbc, school, day), day);
        history = rooms.prepareLesson(school.historyTeacher, ClassroomFixtures.historySlot(jdbc, school, day), day);
    }

    @Test
    void theServerDecidesRolesFromTheDirectory() {
        assertThat(rooms.enter(school.mathsTeacher, maths.id()).role()).isEqualTo(Room.Role.MODERATOR);
        assertThat(rooms.enter(school.head, maths.id()).role()).isEqualTo(Room.Role.MODERATOR);
        assertThat(rooms.enter(school.pupil, maths.id()).role()).isEqualTo(Room.Role.PARTICIPANT);
        assertThat(rooms.enter(school.otherPupil, maths.id()).role()).isEqualTo(Room.Role.PARTICIPANT);
        assertThat(rooms.enter(school.pupil, history.id()).role()).isEqualTo(Room.Role.PARTICIPANT);
    }

    @Test
    void aParentNeverEnters() {
        assertRefused(() -> rooms.enter(school.parent, maths.id()), HttpStatus.FORBIDDEN);
    }

    @Test
    void aPupilOfAnotherClassOrGroupIsRefused() {
        // The history room is the group's; the second pupil is in the class but not in the group.
        assertRefused(() -> rooms.enter(school.otherPupil, history.id()), HttpStatus.FORBIDDEN);
        // A teacher who does not teach the class does not enter its room either.
        assertRefused(() -> rooms.enter(school.historyTeacher, maths.id()), HttpStatus.FORBIDDEN);
    }

    @Test
    void someoneOfAnotherSchoolIsToldThereIsNoSuchRoom() {
        var other = TestSchool.create(jdbc);
        for (var user : other.everyone()) {
            assertRefused(() -> rooms.enter(user, maths.id()), HttpStatus.NOT_FOUND);
        }
        assertRefused(
                () -> rooms.prepareLesson(other.mathsTeacher, maths.slotId().orElseThrow(), day), HttpStatus.NOT_FOUND);
    }

    @Test
    void aPupilCannotActAsTheTeacher() {
        assertRefused(() -> rooms.open(school.pupil, maths.id()), HttpStatus.FORBIDDEN);
        rooms.open(school.mathsTeacher, maths.id());
        rooms.post(school.pupil, maths.id(), "Bonjour");
        long seq = hub.state(maths).chat().getLast().seq();
        assertRefused(() -> rooms.deleteMessage(school.pupil, maths.id(), seq), HttpStatus.FORBIDDEN);
        assertRefused(() -> rooms.close(school.pupil, maths.id()), HttpStatus.FORBIDDEN);
        assertRefused(() -> rooms.clearBoard(school.pupil, maths.id()), HttpStatus.FORBIDDEN);
        assertRefused(
                () -> rooms.openPoll(school.pupil, maths.id(), "Q ?", List.of("a", "b"), false, false),
                HttpStatus.FORBIDDEN);
        assertRefused(
                () -> rooms.lowerHand(school.pupil, maths.id(), Optional.of(school.otherPupil.accountId())),
                HttpStatus.FORBIDDEN);
        // Until the teacher lets pupils draw, a pupil's stroke is refused.
        assertRefused(
                () -> rooms.stroke(school.pupil, maths.id(), "#000000", 3, List.of(1, 2, 3, 4)), HttpStatus.FORBIDDEN);
        rooms.letPupilsDraw(school.mathsTeacher, maths.id(), true);
        rooms.stroke(school.pupil, maths.id(), "#000000", 3, List.of(1, 2, 3, 4));
        assertThat(hub.state(maths).strokes()).hasSize(1);
        // The JSON actions go through the same checks: an "account" or "role" sent by the client changes nothing.
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        assertRefused(
                () -> rooms.act(
                        school.pupil, maths.id(), json.readTree("{\"action\":\"board.clear\",\"role\":\"MODERATOR\"}")),
                HttpStatus.FORBIDDEN);
    }

    @Test
    void pupilsWaitInTheLobbyUntilTheTeacherOpensAndCannotPostAfterItCloses() {
        assertRefused(() -> rooms.post(school.pupil, maths.id(), "Allô ?"), HttpStatus.CONFLICT);
        rooms.open(school.mathsTeacher, maths.id());
        rooms.post(school.pupil, maths.id(), "Me voilà");
        rooms.close(school.mathsTeacher, maths.id());
        assertRefused(() -> rooms.post(school.pupil, maths.id(), "Encore ?"), HttpStatus.CONFLICT);
        // The history stays with the lesson.
        assertThat(hub.state(maths).chat()).extracting(RoomState.Chat::text).containsExactly("Me voilà");
    }

    @Test
    void aMutedPupilCannotPostUntilUnmuted() {
        rooms.open(school.mathsTeacher, maths.id());
        rooms.join(school.pupil, maths, Room.Role.PARTICIPANT, "c1", "test");
        rooms.mute(school.mathsTeacher, maths.id(), school.pupil.accountId(), true);
        assertRefused(() -> rooms.post(school.pupil, maths.id(), "Je parle"), HttpStatus.FORBIDDEN);
        rooms.mute(school.mathsTeacher, maths.id(), school.pupil.accountId(), false);
        rooms.post(school.pupil, maths.id(), "Je parle");
        assertThat(hub.state(maths).chat()).hasSize(1);
    }

    @Test
    void chatIsPlainTextWithoutControlOrDirectionCharacters() {
        rooms.open(school.mathsTeacher, maths.id());
        rooms.post(school.pupil, maths.id(), "  <img src=x onerror=alert(1)>\u202Egnp.exe\u0007\n\n\n\nfin  ");
        var text = hub.state(maths).chat().getLast().text();
        // Markup is kept as text (it is escaped wherever it is shown); what escaping cannot neutralise is removed.
        assertThat(text).isEqualTo("<img src=x onerror=alert(1)>gnp.exe\n\nfin");
        assertRefused(() -> rooms.post(school.pupil, maths.id(), " \u202E\u0007 "), HttpStatus.BAD_REQUEST);
        assertRefused(() -> rooms.post(school.pupil, maths.id(), "x".repeat(501)), HttpStatus.BAD_REQUEST);
    }

    @Test
    void anAnonymousPollNeverTellsWhoVotedWhatAndAVoteCanBeChanged() {
        rooms.open(school.mathsTeacher, maths.id());
        rooms.openPoll(school.mathsTeacher, maths.id(), "Compris ?", List.of("Oui", "Non"), false, true);
        var poll = hub.state(maths).polls().getLast();
        rooms.vote(school.pupil, maths.id(), poll.seq(), List.of(1));
        rooms.vote(school.pupil, maths.id(), poll.seq(), List.of(0));
        rooms.vote(school.otherPupil, maths.id(), poll.seq(), List.of(0));
        var state = hub.state(maths);
        assertThat(state.poll(poll.seq()).orElseThrow().counts()).containsExactly(2, 0);
        assertRefused(() -> rooms.vote(school.pupil, maths.id(), poll.seq(), List.of(0, 1)), HttpStatus.BAD_REQUEST);
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var vote = state.after(poll.seq()).getFirst();
        for (var role : Room.Role.values()) {
            var shown = state.render(vote, school.mathsTeacher.accountId(), role, json.createObjectNode());
            assertThat(shown.toString())
                    .doesNotContain(school.pupil.accountId().toString())
                    .doesNotContain("Louise");
        }
    }

    @Test
    void theBoardsLineFormIsTheTeachersUntilPupilsMayDrawAndRefusesWhatIsOffTheBoard() {
        rooms.open(school.mathsTeacher, maths.id());
        var line = new LineForm("100", "200", "300", "400", "#b91c1c");
        assertRefused(() -> rooms.line(school.pupil, maths.id(), line), HttpStatus.FORBIDDEN);
        rooms.line(school.mathsTeacher, maths.id(), line);
        rooms.letPupilsDraw(school.mathsTeacher, maths.id(), true);
        rooms.line(school.pupil, maths.id(), new LineForm("0", "1000", "1000", "0", "#111827"));
        assertThat(hub.state(maths).strokes())
                .extracting(s -> java.util.Arrays.toString(s.points()) + " " + s.color())
                .containsExactly("[100, 200, 300, 400] #b91c1c", "[0, 1000, 1000, 0] #111827");
        // Each field refused with its own message, and nothing drawn.
        assertThatThrownBy(() -> rooms.line(school.pupil, maths.id(), new LineForm("-1", "x", "1001", "", "red")))
                .isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).fields().keySet())
                        .containsExactlyInAnyOrder("fromX", "fromY", "toX", "toY", "lineColor"));
        assertThat(hub.state(maths).strokes()).hasSize(2);
    }

    private static void assertRefused(Runnable action, HttpStatus status) {
        assertThatThrownBy(action::run)
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).status())
                .isEqualTo(status);
    }
}
