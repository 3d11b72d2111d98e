package org.preau.homework.internal.handins;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.entries.EntryRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of hand-ins and of pupils' personal "done" ticks. */
@Repository
public class HandinRepository {

    private static final String COLUMNS = """
            h.school_id, h.id, h.work_id, h.pupil_id, h.status, h.body_text, h.submitted_at, h.late, h.feedback,
            h.returned_at, h.extended_until, h.updated_at,
            """ + EntryRepository.FILES_OF.formatted("h", "HANDIN") + ", "
            + EntryRepository.FILES_OF.formatted("h", "RETURN").replace("as files", "as returned_files");

    private final JdbcClient jdbc;
    private final PersonalStates states;

    HandinRepository(JdbcClient jdbc, PersonalStates states) {
        this.jdbc = jdbc;
        this.states = states;
    }

    Optional<Handin> find(UUID schoolId, UUID workId, UUID pupilId) {
        return jdbc.sql("select " + COLUMNS
                        + " from homework_handin h where h.school_id = ? and h.work_id = ? and h.pupil_id = ?")
                .params(schoolId, workId, pupilId)
                .query((rs, n) -> handin(rs))
                .optional();
    }

    Optional<Handin> findById(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from homework_handin h where h.id = ?")
                .param(id)
                .query((rs, n) -> handin(rs))
                .optional();
    }

    /** Locks the pupil's row for this work, creating it (status NONE) if missing: serialises concurrent saves. */
    Handin lockOrCreate(UUID schoolId, UUID workId, UUID pupilId, Instant now) {
        states.changed(schoolId, pupilId);
        jdbc.sql("""
                        insert into homework_handin (school_id, id, work_id, pupil_id, status, updated_at)
                        values (?, ?, ?, ?, 'NONE', ?) on conflict (school_id, work_id, pupil_id) do nothing""")
                .params(schoolId, org.preau.platform.Ids.newId(), workId, pupilId, EntryRepository.ts(now))
                .update();
        jdbc.sql("select 1 from homework_handin where school_id = ? and work_id = ? and pupil_id = ? for update")
                .params(schoolId, workId, pupilId)
                .query(Integer.class)
                .single();
        return find(schoolId, workId, pupilId).orElseThrow();
    }

    void save(UUID schoolId, UUID id, String status, String text, Instant submittedAt, boolean late, Instant now) {
        changed(
                schoolId,
                jdbc.sql("""
                        update homework_handin set status = ?, body_text = ?, submitted_at = ?, late = ?, updated_at = ?
                        where school_id = ? and id = ? returning pupil_id""")
                        .params(
                                status,
                                text,
                                submittedAt == null ? null : EntryRepository.ts(submittedAt),
                                late,
                                EntryRepository.ts(now),
                                schoolId,
                                id)
                        .query(UUID.class)
                        .list());
    }

    void returnWith(UUID schoolId, UUID id, String feedback, UUID by, Instant now) {
        changed(
                schoolId,
                jdbc.sql("""
                        update homework_handin set status = 'RETURNED', feedback = ?, returned_at = ?, returned_by = ?,
                            updated_at = ? where school_id = ? and id = ? returning pupil_id""")
                        .params(feedback, EntryRepository.ts(now), by, EntryRepository.ts(now), schoolId, id)
                        .query(UUID.class)
                        .list());
    }

    void reopen(UUID schoolId, UUID id, Instant now) {
        changed(
                schoolId,
                jdbc.sql("""
                        update homework_handin set status = 'REOPENED', updated_at = ?
                         where school_id = ? and id = ? returning pupil_id""")
                        .params(EntryRepository.ts(now), schoolId, id)
                        .query(UUID.class)
                        .list());
    }

    void extend(UUID schoolId, UUID id, Instant until, Instant now) {
        changed(
                schoolId,
                jdbc.sql("""
                        update homework_handin set extended_until = ?, updated_at = ?
                         where school_id = ? and id = ? returning pupil_id""")
                        .params(EntryRepository.ts(until), EntryRepository.ts(now), schoolId, id)
                        .query(UUID.class)
                        .list());
    }

    List<Handin> ofWork(UUID schoolId, UUID workId) {
        return jdbc.sql("select " + COLUMNS + " from homework_handin h where h.school_id = ? and h.work_id = ?")
                .params(schoolId, workId)
                .query((rs, n) -> handin(rs))
                .list();
    }

    /**
     * The pupil's own state of each work (done tick, hand-in status), from {@link PersonalStates}: no query when the
     * pupil's states are in memory, one for all of them otherwise. Works with no state are absent.
     */
    public Map<UUID, Personal> personal(UUID schoolId, UUID pupilId, Collection<UUID> workIds) {
        Map<UUID, Personal> all = states.of(schoolId, pupilId, () -> loadAll(schoolId, pupilId));
        Map<UUID, Personal> out = new HashMap<>();
        for (UUID id : workIds) {
            Personal p = all.get(id);
            if (p != null) {
                out.put(id, p);
            }
        }
        return out;
    }

    /** Every state the pupil has in the school: their done ticks and hand-in rows, in one query. */
    private Map<UUID, Personal> loadAll(UUID schoolId, UUID pupilId) {
        Map<UUID, Personal> out = new HashMap<>();
        jdbc.sql("""
                        select coalesce(h.work_id, d.work_id), d.done_at is not null, h.status, coalesce(h.late, false)
                          from (select work_id, status, late from homework_handin where school_id = ? and pupil_id = ?) h
                          full join (select work_id, done_at from homework_done where school_id = ? and pupil_id = ?) d
                            on d.work_id = h.work_id""").params(schoolId, pupilId, schoolId, pupilId).query(rs -> {
            String status = rs.getString(3);
            out.put(
                    rs.getObject(1, UUID.class),
                    new Personal(
                            rs.getBoolean(2),
                            Optional.ofNullable(status).map(Handin.Status::valueOf),
                            rs.getBoolean(4)));
        });
        return out;
    }

    private void changed(UUID schoolId, List<UUID> pupils) {
        pupils.forEach(p -> states.changed(schoolId, p));
    }

    public void markDone(UUID schoolId, UUID pupilId, UUID workId, boolean done, Instant now) {
        states.changed(schoolId, pupilId);
        if (done) {
            jdbc.sql("""
                            insert into homework_done (school_id, pupil_id, work_id, done_at) values (?, ?, ?, ?)
                            on conflict do nothing""")
                    .params(schoolId, pupilId, workId, EntryRepository.ts(now))
                    .update();
        } else {
            jdbc.sql("delete from homework_done where school_id = ? and pupil_id = ? and work_id = ?")
                    .params(schoolId, pupilId, workId)
                    .update();
        }
    }

    /** A pupil's own state of a work. */
    public record Personal(boolean done, Optional<Handin.Status> handin, boolean late) {
        public static final Personal NONE = new Personal(false, Optional.empty(), false);
    }

    private static Handin handin(ResultSet rs) throws SQLException {
        return new Handin(
                rs.getObject("school_id", UUID.class),
                rs.getObject("id", UUID.class),
                rs.getObject("work_id", UUID.class),
                rs.getObject("pupil_id", UUID.class),
                Handin.Status.valueOf(rs.getString("status")),
                rs.getString("body_text"),
                instant(rs, "submitted_at"),
                rs.getBoolean("late"),
                Optional.ofNullable(rs.getString("feedback")),
                instant(rs, "returned_at"),
                instant(rs, "extended_until"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                EntryRepository.files(rs.getArray("files")),
                EntryRepository.files(rs.getArray("returned_files")));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }
}
