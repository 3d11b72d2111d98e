package org.preau.classroom.internal;

import java.util.UUID;
import org.preau.directory.Directory;
import org.preau.directory.Rights;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Component;

/**
 * Who enters a room, and as what, from the directory's facts and rights (ADR 0040): the teachers of the class or
 * group, the room's creator and the school's staff moderate; the pupils enrolled in the class or group take part;
 * parents never enter; anyone else of the school is refused (403); anyone not of the school is told the room does not
 * exist (404), so that room ids reveal nothing across schools. Asked on every page and every WebSocket handshake
 * (whose answer the connection keeps for its actions, ADR 0072): the client never says who it is.
 */
@Component
class RoomAccess {

    private final Directory directory;
    private final Rights rights;

    RoomAccess(Directory directory, Rights rights) {
        this.directory = directory;
        this.rights = rights;
    }

    Room.Role roleIn(CurrentUser user, Room room) {
        if (!directory.isMemberOf(user.accountId(), room.schoolId())) {
            throw Problem.notFound();
        }
        if (user.is(Profile.PARENT)) {
            throw Problem.forbidden("classroom.refused.parent");
        }
        if (user.accountId().equals(room.ownerId())
                || rights.teaches(user, room.audienceId())
                || rights.isStaffOf(user, room.schoolId())) {
            return Room.Role.MODERATOR;
        }
        if (user.is(Profile.PUPIL) && isEnrolled(user.accountId(), room.schoolId(), room.audienceId())) {
            return Room.Role.PARTICIPANT;
        }
        throw Problem.forbidden("classroom.refused.notEnrolled");
    }

    /** Whether the user may create a room for this class or group of this school: its teachers and the staff. */
    boolean mayCreateFor(CurrentUser user, UUID schoolId, UUID audienceId) {
        return directory.isMemberOf(user.accountId(), schoolId)
                && (rights.teaches(user, audienceId) || rights.isStaffOf(user, schoolId));
    }

    private boolean isEnrolled(UUID pupilId, UUID schoolId, UUID audienceId) {
        return directory
                .placementOf(pupilId)
                .filter(p -> p.school().id().equals(schoolId))
                .map(p -> p.audiences().stream().anyMatch(a -> a.id().equals(audienceId)))
                .orElse(false);
    }
}
