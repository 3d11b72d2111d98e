package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a frame of several events shows each viewer (ADR 0090): a run of votes of one poll that the viewer sees only
 * as counts goes as its last, marked with the run's first number, carrying the latest counts; the voter's own votes
 * and a named poll's votes for its moderator are never folded; every number is covered once, in order.
 */
class FoldedVotesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final UUID ROOM = UUID.randomUUID();
    static final UUID TEACHER = UUID.randomUUID();
    static final UUID ALICE = UUID.randomUUID();
    static final UUID BASILE = UUID.randomUUID();
    static final UUID CHLOE = UUID.randomUUID();
    static final UUID DORA = UUID.randomUUID();
    static final UUID ELIOT = UUID.randomUUID();

    private final List<RoomEvent> log = new ArrayList<>();
    private final RoomState state = new RoomState(Room.State.WAITING);

    private void event(String kind, ObjectNode body) {
        var e = new RoomEvent(ROOM, log.size() + 1, kind, Optional.empty(), body, Instant.now());
        log.add(e);
        state.apply(e);
    }

    private void openPoll(boolean anonymous) {
        var b = JSON.createObjectNode();
        b.put("question", "Prêts ?");
        b.putArray("options").add("Oui").add("Non");
        b.put("multiple", false);
        b.put("anonymous", anonymous);
        event("poll.open", b);
    }

    private void vote(long poll, UUID who, int choice) {
        var b = JSON.createObjectNode();
        b.put("account", who.toString());
        b.put("name", "Élève " + who.toString().substring(0, 4));
        b.put("poll", poll);
        b.putArray("choices").add(choice);
        event("poll.vote", b);
    }

    private void chat(String text) {
        var b = JSON.createObjectNode();
        b.put("account", TEACHER.toString());
        b.put("name", "M. Prof");
        b.put("text", text);
        event("chat", b);
    }

    private ArrayNode frame(UUID viewer, Room.Role role) {
        var out = JSON.createArrayNode();
        state.renderFrame(state.after(0), viewer, role, out);
        return out;
    }

    /** "seq" or "from-seq", kind, in order. */
    private static List<String> shape(ArrayNode frame) {
        List<String> shape = new ArrayList<>();
        for (JsonNode e : frame) {
            String n = e.has("from")
                    ? e.path("from").asLong() + "-" + e.path("seq").asLong()
                    : String.valueOf(e.path("seq").asLong());
            shape.add(n + " " + e.path("kind").asString());
        }
        return shape;
    }

    /** Every number from 1 to the last, once, in order: what a client checks. */
    private static List<Long> covered(ArrayNode frame) {
        List<Long> seqs = new ArrayList<>();
        for (JsonNode e : frame) {
            for (long s = e.path("from").asLong(e.path("seq").asLong());
                    s <= e.path("seq").asLong();
                    s++) {
                seqs.add(s);
            }
        }
        return seqs;
    }

    private void aLessonWithAPoll(boolean anonymous) {
        event("room.open", JSON.createObjectNode()); // 1
        openPoll(anonymous); // 2
        vote(2, ALICE, 0); // 3
        vote(2, BASILE, 1); // 4
        vote(2, CHLOE, 1); // 5
        vote(2, ALICE, 1); // 6: Alice changes her mind
        chat("Encore une minute"); // 7
        vote(2, DORA, 0); // 8
        vote(2, BASILE, 0); // 9
    }

    @Test
    void aPupilWhoDidNotVoteGetsEachRunOfVotesAsItsLastWithTheLatestCounts() {
        aLessonWithAPoll(false);
        var toDora = frame(DORA, Room.Role.PARTICIPANT);
        var toEliot = frame(ELIOT, Room.Role.PARTICIPANT);

        assertThat(shape(toEliot))
                .containsExactly("1 room.open", "2 poll.open", "3-6 poll.vote", "7 chat", "8-9 poll.vote");
        assertThat(covered(toEliot)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        // Counts are taken from the fold at rendering: the latest, in every vote shown.
        assertThat(toEliot.get(2).path("body").path("counts").toString()).isEqualTo("[2,2]");
        assertThat(toEliot.get(2).path("body").has("name")).isFalse();
        assertThat(toEliot.get(2).path("body").has("choices")).isFalse();
        // Dora's own vote (8) is hers: shown as such, so the run around it is not folded across it.
        assertThat(shape(toDora))
                .containsExactly("1 room.open", "2 poll.open", "3-6 poll.vote", "7 chat", "8 poll.vote", "9 poll.vote");
        assertThat(toDora.get(4).path("body").path("mine").asBoolean()).isTrue();
        assertThat(toDora.get(4).path("body").path("choices").toString()).isEqualTo("[0]");
        assertThat(covered(toDora)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);

        // Two pupils who voted nothing in the range share one rendering; a voter does not share theirs.
        var events = state.after(0);
        assertThat(state.frameKey(events, ELIOT, Room.Role.PARTICIPANT))
                .isEqualTo(state.frameKey(events, UUID.randomUUID(), Room.Role.PARTICIPANT))
                .isNotEqualTo(state.frameKey(events, DORA, Room.Role.PARTICIPANT));
    }

    @Test
    void aVoterSeesEachOfTheirOwnVotesAndTheOthersFoldedAroundThem() {
        aLessonWithAPoll(false);
        var toAlice = frame(ALICE, Room.Role.PARTICIPANT);
        assertThat(shape(toAlice))
                .containsExactly(
                        "1 room.open",
                        "2 poll.open",
                        "3 poll.vote",
                        "4-5 poll.vote",
                        "6 poll.vote",
                        "7 chat",
                        "8-9 poll.vote");
        assertThat(toAlice.get(2).path("body").path("mine").asBoolean()).isTrue();
        assertThat(toAlice.get(4).path("body").path("choices").toString()).isEqualTo("[1]");
        assertThat(toAlice.get(3).path("body").path("mine").asBoolean()).isFalse();
    }

    @Test
    void theTeacherOfANamedPollSeesEveryVoteWithItsNameButNotOfAnAnonymousOne() {
        aLessonWithAPoll(false);
        var named = frame(TEACHER, Room.Role.MODERATOR);
        assertThat(named).hasSize(9);
        assertThat(named).noneMatch(e -> e.has("from"));
        assertThat(named.get(3).path("body").path("name").asString()).startsWith("Élève");

        var anonymous = new FoldedVotesTest();
        anonymous.aLessonWithAPoll(true);
        var toTeacher = anonymous.frame(TEACHER, Room.Role.MODERATOR);
        assertThat(shape(toTeacher))
                .containsExactly("1 room.open", "2 poll.open", "3-6 poll.vote", "7 chat", "8-9 poll.vote");
        assertThat(toTeacher.get(2).path("body").has("name")).isFalse();
    }

    @Test
    void votesOfTwoPollsAreNotFoldedTogether() {
        event("room.open", JSON.createObjectNode()); // 1
        openPoll(true); // 2
        openPoll(true); // 3
        vote(2, ALICE, 0); // 4
        vote(2, BASILE, 0); // 5
        vote(3, ALICE, 1); // 6
        vote(3, BASILE, 1); // 7
        vote(2, CHLOE, 1); // 8
        var toEliot = frame(ELIOT, Room.Role.PARTICIPANT);
        assertThat(shape(toEliot))
                .containsExactly(
                        "1 room.open", "2 poll.open", "3 poll.open", "4-5 poll.vote", "6-7 poll.vote", "8 poll.vote");
        assertThat(toEliot.get(3).path("body").path("poll").asLong()).isEqualTo(2);
        assertThat(toEliot.get(4).path("body").path("poll").asLong()).isEqualTo(3);
        assertThat(toEliot.get(4).path("body").path("counts").toString()).isEqualTo("[0,2]");
    }
}
