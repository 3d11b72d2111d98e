package org.preau.classroom.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * A live room of one school, for one class or group: a lesson's room (a timetable slot on one date) or an ad hoc
 * one. {@code lastSeq} is the number of the last event; the room's content is the fold of its events.
 */
public record Room(
        UUID schoolId,
        UUID id,
        Kind kind,
        UUID audienceId,
        Optional<UUID> subjectId,
        Optional<UUID> slotId,
        Optional<LocalDate> lessonDate,
        String title,
        UUID ownerId,
        State state,
        long lastSeq,
        Instant createdAt) {

    public enum Kind {
        LESSON,
        ADHOC
    }

    /** WAITING: the lobby ("la classe n'est pas encore ouverte"); OPEN: live; CLOSED: ended, history kept. */
    public enum State {
        WAITING,
        OPEN,
        CLOSED
    }

    /** Who someone is in a room, decided by the server from the directory, never by the client. */
    public enum Role {
        /** The teachers of the class or group, the room's creator and the school's staff. */
        MODERATOR,
        /** The enrolled pupils. */
        PARTICIPANT
    }
}
