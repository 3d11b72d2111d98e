package org.preau.classroom.internal;

import java.util.List;
import java.util.Optional;
import org.preau.platform.web.forms.FormErrors;

/**
 * What the room's page shows, built on the server so that the page is whole without JavaScript: the room's state,
 * who is there, the hands, the chat (with its form), the polls and their results, the whiteboard as SVG, and the
 * video link when a conferencing server is configured. The script then keeps it live.
 */
public record RoomPage(
        Room room,
        Room.Role role,
        Room.State state,
        long lastSeq,
        List<RoomState.Presence> present,
        List<RoomState.Hand> hands,
        List<RoomState.Chat> chat,
        List<RoomState.Poll> polls,
        String boardSvg,
        boolean pupilsDraw,
        boolean muted,
        boolean handRaised,
        Optional<String> video,
        FormErrors errors,
        String draft,
        FormErrors boardErrors,
        LineForm line) {

    /** Whether this user may draw now: the room is open, and they moderate or pupils were let draw. */
    public boolean mayDraw() {
        return open() && (moderates() || pupilsDraw);
    }

    public boolean moderates() {
        return role == Room.Role.MODERATOR;
    }

    public boolean open() {
        return state == Room.State.OPEN;
    }

    private static final java.time.format.DateTimeFormatter HOUR =
            java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(org.preau.platform.SchoolTime.ZONE);

    /** A time of the day in Paris, as the chat shows it. */
    public static String time(java.time.Instant at) {
        return HOUR.format(at);
    }

    /** The total of a poll's votes (people, not choices). */
    public static int voters(RoomState.Poll poll) {
        return poll.votes().size();
    }

    /** The pupil waits in the lobby: the room is not open yet. */
    public boolean lobby() {
        return state == Room.State.WAITING && !moderates();
    }
}
