package org.preau.directory.internal.imports;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.preau.directory.internal.imports.Entry.SlotEntry;
import org.preau.directory.internal.imports.ImportTally.Outcome;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes the weekly lessons of a timetable file. A file replaces the week of every class or group it names: once
 * every lesson is written, {@link #removeUnlisted} removes those of these audiences that the file did not list.
 */
final class TimetableWriter {

    private static final DateTimeFormatter PG_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final JdbcClient jdbc;
    private final JdbcTemplate jt;
    private final ErrorList errors;
    private final References refs;
    private final PersonAccounts people;
    private final ImportTally tally;
    /** Per class or group written: the lessons ("weekday/HH:MM:SS") the file lists. */
    private final Map<UUID, Set<String>> keptSlots = new HashMap<>();
    /** Per class or group written: its school. */
    private final Map<UUID, UUID> slotAudienceSchool = new HashMap<>();

    TimetableWriter(
            JdbcClient jdbc,
            JdbcTemplate jt,
            ErrorList errors,
            References refs,
            PersonAccounts people,
            ImportTally tally) {
        this.jdbc = jdbc;
        this.jt = jt;
        this.errors = errors;
        this.refs = refs;
        this.people = people;
        this.tally = tally;
    }

    void write(List<SlotEntry> batch) {
        var teachers = people.keys(batch.stream()
                .map(SlotEntry::teacher)
                .filter(t -> t != null && !t.isBlank())
                .collect(Collectors.toSet()));
        var upsert = new JdbcBatch("""
                insert into timetable_slot
                  (school_id, id, class_id, group_id, subject_id, teacher_id, weekday, starts_at, ends_at, room)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (school_id, coalesce(class_id, group_id), weekday, starts_at) do update
                  set subject_id = excluded.subject_id, teacher_id = excluded.teacher_id,
                      ends_at = excluded.ends_at, room = excluded.room
                where (timetable_slot.subject_id, timetable_slot.teacher_id, timetable_slot.ends_at, timetable_slot.room)
                  is distinct from (excluded.subject_id, excluded.teacher_id, excluded.ends_at, excluded.room)""");
        var fresh = new ArrayList<Integer>();
        for (int i = 0; i < batch.size(); i++) {
            var s = batch.get(i);
            var school = refs.school(s.school(), s.line());
            if (school.isEmpty()) {
                continue;
            }
            UUID classId = refs.audiences(school.get(), false).get(s.audience());
            UUID groupId = classId == null ? refs.audiences(school.get(), true).get(s.audience()) : null;
            if (classId == null && groupId == null) {
                errors.add(s.line(), "audience", "imports.error.unknown.audience", s.audience());
                continue;
            }
            UUID subject = refs.subjects(school.get()).get(s.subject());
            if (subject == null) {
                errors.add(s.line(), "subject", "imports.error.unknown.subject", s.subject());
                continue;
            }
            UUID teacher = null;
            if (s.teacher() != null && !s.teacher().isBlank()) {
                teacher = teachers.get(s.teacher());
                if (teacher == null) {
                    errors.add(s.line(), "teacher", "imports.error.unknown.person", s.teacher());
                    continue;
                }
            }
            UUID audience = classId != null ? classId : groupId;
            keptSlots
                    .computeIfAbsent(audience, k -> new HashSet<>())
                    .add(s.weekday() + "/" + s.start().format(PG_TIME));
            slotAudienceSchool.put(audience, school.get());
            upsert.add(
                    i,
                    school.get(),
                    Ids.newId(),
                    classId,
                    groupId,
                    subject,
                    teacher,
                    s.weekday(),
                    s.start(),
                    s.end(),
                    s.room());
            fresh.add(i);
        }
        if (errors.any()) {
            return;
        }
        boolean[] changed = new boolean[batch.size()];
        upsert.run(jt, changed);
        for (int i : fresh) {
            // A new lesson and a changed lesson are not told apart by the upsert; see FileReport.
            tally.count(changed[i] ? Outcome.UPDATED : Outcome.UNCHANGED);
        }
    }

    /** Removes the lessons of the written classes and groups that the file did not list. */
    void removeUnlisted() {
        for (var e : keptSlots.entrySet()) {
            jdbc.sql("""
                            delete from timetable_slot
                            where school_id = ? and coalesce(class_id, group_id) = ?
                              and not ((weekday::text || '/' || starts_at::text) = any(string_to_array(?, ',')))""")
                    .params(slotAudienceSchool.get(e.getKey()), e.getKey(), String.join(",", e.getValue()))
                    .update();
        }
    }
}
