package org.preau.classroom.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rooms' rows. Plain SQL; a room is found by its id alone (the id is a UUIDv7, unique everywhere). */
@Repository
class RoomRepository {

    private static final String COLUMNS =
            "school_id, id, kind, audience_id, subject_id, slot_id, lesson_date, title, owner_id, state, last_seq,"
                    + " created_at";

    private final JdbcClient jdbc;

    RoomRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Room> find(UUID roomId) {
        return jdbc.sql("select " + COLUMNS + " from classroom_room where id = ?")
                .param(roomId)
                .query(RoomRepository::map)
                .optional();
    }

    Optional<Room> findLesson(UUID schoolId, UUID slotId, LocalDate date) {
        return jdbc.sql("select " + COLUMNS
                        + " from classroom_room where school_id = ? and slot_id = ? and lesson_date = ?")
                .params(schoolId, slotId, date)
                .query(RoomRepository::map)
                .optional();
    }

    /** Inserts the lesson's room unless it exists (two teachers preparing it at once get the same room). */
    Room insertLesson(Room room) {
        jdbc.sql("""
                        insert into classroom_room (school_id, id, kind, audience_id, subject_id, slot_id, lesson_date,
                                                    title, owner_id, state, last_seq, created_at)
                        values (?, ?, 'LESSON', ?, ?, ?, ?, ?, ?, 'WAITING', 0, ?)
                        on conflict (school_id, slot_id, lesson_date) where slot_id is not null do nothing""")
                .params(
                        room.schoolId(),
                        room.id(),
                        room.audienceId(),
                        room.subjectId().orElse(null),
                        room.slotId().orElseThrow(),
                        room.lessonDate().orElseThrow(),
                        room.title(),
                        room.ownerId(),
                        java.sql.Timestamp.from(room.createdAt()))
                .update();
        return findLesson(
                        room.schoolId(), room.slotId().get(), room.lessonDate().get())
                .orElseThrow();
    }

    void insertAdHoc(Room room) {
        jdbc.sql("""
                        insert into classroom_room (school_id, id, kind, audience_id, title, owner_id, state, last_seq,
                                                    created_at)
                        values (?, ?, 'ADHOC', ?, ?, ?, 'WAITING', 0, ?)""")
                .params(
                        room.schoolId(),
                        room.id(),
                        room.audienceId(),
                        room.title(),
                        room.ownerId(),
                        java.sql.Timestamp.from(room.createdAt()))
                .update();
    }

    void setState(UUID schoolId, UUID roomId, Room.State state) {
        jdbc.sql("update classroom_room set state = ? where school_id = ? and id = ?")
                .params(state.name(), schoolId, roomId)
                .update();
    }

    /** The latest rooms of these audiences, newest first. */
    List<Room> ofAudiences(UUID schoolId, List<UUID> audienceIds, int limit) {
        if (audienceIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS
                        + " from classroom_room where school_id = ? and audience_id = any(?)"
                        + " order by created_at desc limit ?")
                .params(schoolId, audienceIds.toArray(UUID[]::new), limit)
                .query(RoomRepository::map)
                .list();
    }

    /** Open lesson rooms from {@code since}: what "Aujourd'hui" marks "en direct". */
    List<Room> openLessons(LocalDate since) {
        return jdbc.sql("select " + COLUMNS
                        + " from classroom_room where state = 'OPEN' and kind = 'LESSON' and lesson_date >= ?")
                .param(since)
                .query(RoomRepository::map)
                .list();
    }

    List<Room> openLessonsOf(UUID schoolId, UUID audienceId, LocalDate since) {
        return jdbc.sql("select " + COLUMNS
                        + " from classroom_room where school_id = ? and audience_id = ? and state = 'OPEN'"
                        + " and kind = 'LESSON' and lesson_date >= ?")
                .params(schoolId, audienceId, since)
                .query(RoomRepository::map)
                .list();
    }

    static Room map(ResultSet rs, int row) throws SQLException {
        return new Room(
                rs.getObject("school_id", UUID.class),
                rs.getObject("id", UUID.class),
                Room.Kind.valueOf(rs.getString("kind")),
                rs.getObject("audience_id", UUID.class),
                Optional.ofNullable(rs.getObject("subject_id", UUID.class)),
                Optional.ofNullable(rs.getObject("slot_id", UUID.class)),
                Optional.ofNullable(rs.getObject("lesson_date", LocalDate.class)),
                rs.getString("title"),
                rs.getObject("owner_id", UUID.class),
                Room.State.valueOf(rs.getString("state")),
                rs.getLong("last_seq"),
                rs.getTimestamp("created_at").toInstant());
    }

    static Instant now(java.time.Clock clock) {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }
}
