package org.preau.homework;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * What "Aujourd'hui" shows of a lesson's live room, asked of whichever module runs live rooms (the classroom
 * module implements it; without it, lessons show no room). Homework depends on no such module: the dependency points
 * the other way, so the hot page keeps its own cache and asks only these cheap, in-memory questions.
 *
 * <p>Answers must cost no query: they are asked for every lesson of every page built.
 */
public interface LiveLessons {

    /** Where an enrolled pupil joins the lesson's room, while the room is open ("en direct"). */
    Optional<String> liveRoom(UUID schoolId, UUID slotId, LocalDate day);

    /** Where a teacher of the lesson prepares, opens or rejoins its room. */
    Optional<String> teacherRoom(UUID schoolId, UUID slotId, LocalDate day);

    /**
     * A number that changes whenever a room of this class or group opens or closes, on any node: cached pages that
     * show the "en direct" mark compare it to know they are still current.
     */
    long version(UUID audienceId);

    /** No live rooms: what homework uses when no module provides them. */
    LiveLessons NONE = new LiveLessons() {
        @Override
        public Optional<String> liveRoom(UUID schoolId, UUID slotId, LocalDate day) {
            return Optional.empty();
        }

        @Override
        public Optional<String> teacherRoom(UUID schoolId, UUID slotId, LocalDate day) {
            return Optional.empty();
        }

        @Override
        public long version(UUID audienceId) {
            return 0;
        }
    };
}
