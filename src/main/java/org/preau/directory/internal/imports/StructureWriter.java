package org.preau.directory.internal.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.preau.directory.internal.imports.Entry.AudienceDecl;
import org.preau.directory.internal.imports.Entry.AudienceEntry;
import org.preau.directory.internal.imports.Entry.LevelEntry;
import org.preau.directory.internal.imports.Entry.SchoolEntry;
import org.preau.directory.internal.imports.Entry.SubjectEntry;
import org.preau.directory.internal.imports.ImportTally.Outcome;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes the structures of the directory that people and lessons refer to: schools (and the feed's join keys),
 * classes and groups, subjects, and the national subject and level lists. Each write is an upsert that changes a
 * row only when a value differs; nothing is written once the file has an error.
 */
final class StructureWriter {

    private final JdbcClient jdbc;
    private final String schoolYear;
    private final ErrorList errors;
    private final References refs;
    private final ImportTally tally;

    StructureWriter(JdbcClient jdbc, String schoolYear, ErrorList errors, References refs, ImportTally tally) {
        this.jdbc = jdbc;
        this.schoolYear = schoolYear;
        this.errors = errors;
        this.refs = refs;
        this.tally = tally;
    }

    void school(SchoolEntry s) {
        if (errors.any()) {
            return;
        }
        var row = jdbc.sql("""
                        insert into school (id, uai, name, city, holiday_zone) values (?, ?, ?, ?, ?)
                        on conflict (uai) do update set name = excluded.name, city = excluded.city,
                            holiday_zone = coalesce(excluded.holiday_zone, school.holiday_zone), updated_at = now()
                        where (school.name, school.city, coalesce(excluded.holiday_zone, school.holiday_zone))
                            is distinct from (excluded.name, excluded.city, school.holiday_zone)
                        returning id, (xmax = 0) as inserted""")
                .params(
                        Ids.newId(),
                        s.uai(),
                        s.name(),
                        s.city(),
                        s.zone().map(Enum::name).orElse(null))
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getBoolean(2)})
                .optional();
        UUID schoolId;
        boolean changed;
        if (row.isPresent()) {
            schoolId = (UUID) row.get()[0];
            changed = true;
            tally.count((Boolean) row.get()[1] ? Outcome.CREATED : Outcome.UPDATED);
        } else {
            schoolId = jdbc.sql("select id from school where uai = ?")
                    .param(s.uai())
                    .query(UUID.class)
                    .single();
            changed = false;
        }
        if (!s.key().equals(s.uai())) {
            changed |= jdbc.sql("""
                                    insert into import_school_key (external_id, school_id) values (?, ?)
                                    on conflict (external_id) do update set school_id = excluded.school_id
                                    where import_school_key.school_id <> excluded.school_id""").params(s.key(), schoolId).update() > 0;
        }
        refs.schoolWritten(s.key(), s.uai(), schoolId);
        boolean audiencesChanged = false;
        for (var c : s.classes()) {
            audiencesChanged |= upsertAudience(schoolId, false, c) != Outcome.UNCHANGED;
        }
        for (var g : s.groups()) {
            audiencesChanged |= upsertAudience(schoolId, true, g) != Outcome.UNCHANGED;
        }
        if (!changed) {
            tally.count(audiencesChanged ? Outcome.UPDATED : Outcome.UNCHANGED);
        }
    }

    private Outcome upsertAudience(UUID schoolId, boolean group, AudienceDecl d) {
        String sql = group ? """
                insert into teaching_group (school_id, id, code, name, school_year) values (?, ?, ?, ?, ?)
                on conflict (school_id, school_year, code) do update set name = excluded.name
                where teaching_group.name is distinct from excluded.name
                returning id, (xmax = 0)""" : """
                insert into school_class (school_id, id, code, name, school_year, level) values (?, ?, ?, ?, ?, ?)
                on conflict (school_id, school_year, code) do update set name = excluded.name, level = excluded.level
                where (school_class.name, school_class.level) is distinct from (excluded.name, excluded.level)
                returning id, (xmax = 0)""";
        var params = new ArrayList<Object>(List.of(schoolId, Ids.newId(), d.code(), d.name(), schoolYear));
        if (!group) {
            params.add(d.level());
        }
        var row = jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getBoolean(2)})
                .optional();
        if (row.isPresent()) {
            refs.audiences(schoolId, group).put(d.code(), (UUID) row.get()[0]);
            return (Boolean) row.get()[1] ? Outcome.CREATED : Outcome.UPDATED;
        }
        return Outcome.UNCHANGED;
    }

    void audience(AudienceEntry a) {
        var schoolId = refs.school(a.school(), a.line());
        if (schoolId.isEmpty() || errors.any()) {
            return;
        }
        tally.count(upsertAudience(schoolId.get(), a.group(), a.audience()));
    }

    void subject(SubjectEntry s) {
        if (s.school() == null) {
            if (!errors.any()) {
                tally.count(refUpsert("import_subject_ref", s.code(), s.label()));
            }
            return;
        }
        var schoolId = refs.school(s.school(), s.line());
        if (schoolId.isEmpty() || errors.any()) {
            return;
        }
        var row = jdbc.sql("""
                        insert into subject (school_id, id, code, label) values (?, ?, ?, ?)
                        on conflict (school_id, code) do update set label = excluded.label
                        where subject.label is distinct from excluded.label
                        returning id, (xmax = 0)""")
                .params(schoolId.get(), Ids.newId(), s.code(), s.label())
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getBoolean(2)})
                .optional();
        if (row.isPresent()) {
            refs.subjects(schoolId.get()).put(s.code(), (UUID) row.get()[0]);
            tally.count((Boolean) row.get()[1] ? Outcome.CREATED : Outcome.UPDATED);
        } else {
            tally.count(Outcome.UNCHANGED);
        }
    }

    void level(LevelEntry l) {
        if (!errors.any()) {
            tally.count(refUpsert("import_level_ref", l.code(), l.label()));
        }
    }

    private Outcome refUpsert(String table, String code, String label) {
        // table is one of two constants above, never user input.
        var row = jdbc.sql("insert into " + table + " (code, label) values (?, ?) on conflict (code) do update"
                        + " set label = excluded.label where " + table + ".label <> excluded.label"
                        + " returning (xmax = 0)")
                .params(code, label)
                .query(Boolean.class)
                .optional();
        return row.map(inserted -> inserted ? Outcome.CREATED : Outcome.UPDATED).orElse(Outcome.UNCHANGED);
    }
}
