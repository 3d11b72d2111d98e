package org.preau.directory.internal.imports;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.preau.directory.internal.imports.Entry.Op;
import org.preau.directory.internal.imports.Entry.PersonEntry;
import org.preau.directory.internal.imports.Entry.Ref;
import org.preau.directory.internal.imports.Entry.Teach;
import org.preau.identity.Profile;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes where people belong: school memberships (with the staff function), class and group enrolments, parent
 * links and teaching assignments. A list an entry carries replaces what was there (rows it no longer lists are
 * pruned); a list it does not carry ({@code null}, in a {@code modifyRequest}) is kept. Written as JDBC batches.
 */
final class MembershipWriter {

    /** What one person entry resolves to, before writing; a {@code null} list is one the entry does not carry. */
    record Resolved(
            PersonEntry entry, List<UUID> schools, List<UUID[]> classes, List<UUID[]> groups, List<UUID[]> teaches) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate jt;
    private final String schoolYear;
    private final ErrorList errors;
    private final SeenKeys seen;
    private final References refs;
    private final PersonAccounts people;

    MembershipWriter(
            JdbcClient jdbc,
            JdbcTemplate jt,
            String schoolYear,
            ErrorList errors,
            SeenKeys seen,
            References refs,
            PersonAccounts people) {
        this.jdbc = jdbc;
        this.jt = jt;
        this.schoolYear = schoolYear;
        this.errors = errors;
        this.seen = seen;
        this.refs = refs;
        this.people = people;
    }

    /** The schools, classes, groups and subjects an entry names; unknown ones are reported. */
    Resolved resolve(PersonEntry p) {
        List<UUID> schoolIds = null;
        if (p.schools() != null) {
            var set = new LinkedHashSet<UUID>();
            for (var ref : p.schools()) {
                refs.school(ref, p.line()).ifPresent(set::add);
            }
            schoolIds = new ArrayList<>(set);
        }
        List<UUID[]> classIds = p.classes() == null ? null : enrolments(p, p.classes(), false, schoolIds);
        List<UUID[]> groupIds = p.groups() == null ? null : enrolments(p, p.groups(), true, schoolIds);
        List<UUID[]> teaches = null;
        if (p.teaches() != null) {
            teaches = new ArrayList<>();
            var distinct = new HashSet<String>();
            for (Teach t : p.teaches()) {
                var school = refs.school(new Ref(t.school(), null, t.field()), p.line());
                if (school.isEmpty()) {
                    continue;
                }
                if (schoolIds != null && !schoolIds.contains(school.get())) {
                    schoolIds.add(school.get());
                }
                UUID classId = null;
                UUID groupId = null;
                var ref = new Ref(t.school(), t.audience(), t.field());
                if (t.group() == null) {
                    classId = refs.audiences(school.get(), false).get(t.audience());
                    groupId =
                            classId == null ? refs.audiences(school.get(), true).get(t.audience()) : null;
                    if (classId == null && groupId == null) {
                        if (!(seen.contains(SeenKeys.audience(false, t.school(), t.audience()))
                                || seen.contains(SeenKeys.audience(true, t.school(), t.audience())))) {
                            errors.add(p.line(), t.field(), "imports.error.unknown.audience", t.audience());
                        }
                        continue;
                    }
                } else if (t.group()) {
                    groupId = refs.audience(school.get(), ref, true, p.line()).orElse(null);
                } else {
                    classId = refs.audience(school.get(), ref, false, p.line()).orElse(null);
                }
                var subject = refs.subject(school.get(), t.subject(), t.field(), p.line());
                if ((classId == null && groupId == null) || subject.isEmpty()) {
                    continue;
                }
                if (distinct.add((classId != null ? classId : groupId) + "/" + subject.get())) {
                    teaches.add(new UUID[] {school.get(), classId, groupId, subject.get()});
                }
            }
        }
        return new Resolved(p, schoolIds, classIds, groupIds, teaches);
    }

    /** {school, class or group} pairs; a pupil enrolled in another school's class becomes a member there too. */
    private List<UUID[]> enrolments(PersonEntry p, List<Ref> refsOfEntry, boolean group, List<UUID> schoolIds) {
        var ids = new ArrayList<UUID[]>();
        for (var ref : refsOfEntry) {
            var school = refs.school(new Ref(ref.school(), null, ref.field()), p.line());
            if (school.isPresent()) {
                if (schoolIds != null && !schoolIds.contains(school.get())) {
                    schoolIds.add(school.get());
                }
                var audience = refs.audience(school.get(), ref, group, p.line());
                if (audience.isPresent()) {
                    ids.add(new UUID[] {school.get(), audience.get()});
                }
            }
        }
        return ids;
    }

    /**
     * Writes the memberships of a batch whose accounts are written; sets {@code changed[i]} for the entries whose
     * rows changed. False when the file has errors (a parent unknown, or an earlier one): then nothing is written.
     */
    boolean write(List<Resolved> resolved, Map<String, UUID> accountIds, boolean[] changed) {
        // Parents named by pupils: this batch's and earlier ones.
        var parentIds = new HashSet<String>();
        for (var r : resolved) {
            if (r.entry().parents() != null) {
                r.entry().parents().forEach(ref -> parentIds.add(ref.code()));
            }
        }
        var parents = people.keys(parentIds);

        var member = new JdbcBatch("""
                insert into school_member (school_id, account_id, role, function, school_year) values (?, ?, ?, ?, ?)
                on conflict (school_id, account_id) do update
                  set role = excluded.role, function = excluded.function, school_year = excluded.school_year
                where (school_member.role, school_member.function, school_member.school_year)
                  is distinct from (excluded.role, excluded.function, excluded.school_year)""");
        var memberPrune = new JdbcBatch("""
                delete from school_member where account_id = ? and role = ?
                  and not (school_id = any(string_to_array(?, ',')::uuid[]))""");
        var classIn = new JdbcBatch("""
                insert into class_enrolment (school_id, class_id, pupil_id) values (?, ?, ?) on conflict do nothing""");
        var classPrune = new JdbcBatch("""
                delete from class_enrolment where pupil_id = ?
                  and not (class_id = any(string_to_array(?, ',')::uuid[]))""");
        var groupIn = new JdbcBatch("""
                insert into group_enrolment (school_id, group_id, pupil_id) values (?, ?, ?) on conflict do nothing""");
        var groupPrune = new JdbcBatch("""
                delete from group_enrolment where pupil_id = ?
                  and not (group_id = any(string_to_array(?, ',')::uuid[]))""");
        var linkIn = new JdbcBatch("""
                insert into parent_link (parent_id, child_id, relation) values (?, ?, null) on conflict do nothing""");
        var linkPrune = new JdbcBatch("""
                delete from parent_link where child_id = ?
                  and not (parent_id = any(string_to_array(?, ',')::uuid[]))""");
        var parentMember = new JdbcBatch("""
                insert into school_member (school_id, account_id, role, function, school_year)
                values (?, ?, 'PARENT', null, ?) on conflict do nothing""");
        var teachIn = new JdbcBatch("""
                insert into teaching_assignment (school_id, id, teacher_id, class_id, group_id, subject_id)
                values (?, ?, ?, ?, ?, ?)
                on conflict (school_id, teacher_id, coalesce(class_id, group_id), subject_id) do nothing""");
        var teachPrune = new JdbcBatch("""
                delete from teaching_assignment where teacher_id = ?
                  and not ((coalesce(class_id, group_id)::text || '/' || subject_id::text)
                           = any(string_to_array(?, ',')))""");

        for (int i = 0; i < resolved.size(); i++) {
            var r = resolved.get(i);
            var p = r.entry();
            UUID account = accountIds.get(p.id());
            if (account == null) {
                continue;
            }
            String role = p.profile().name();
            if (r.schools() != null && p.profile() != Profile.PARENT) {
                for (UUID school : r.schools()) {
                    member.add(i, school, account, role, p.function(), schoolYear);
                }
                if (p.op() == Op.ADD) {
                    memberPrune.add(i, account, role, join(r.schools()));
                }
            }
            if (r.classes() != null) {
                var ids = new ArrayList<UUID>();
                for (UUID[] c : r.classes()) {
                    classIn.add(i, c[0], c[1], account);
                    ids.add(c[1]);
                }
                classPrune.add(i, account, join(ids));
            }
            if (r.groups() != null) {
                var ids = new ArrayList<UUID>();
                for (UUID[] g : r.groups()) {
                    groupIn.add(i, g[0], g[1], account);
                    ids.add(g[1]);
                }
                groupPrune.add(i, account, join(ids));
            }
            if (p.parents() != null) {
                var ids = new ArrayList<UUID>();
                for (var ref : p.parents()) {
                    UUID parent = parents.get(ref.code());
                    if (parent == null) {
                        errors.add(p.line(), ref.field(), "imports.error.unknown.parent", ref.code());
                        continue;
                    }
                    ids.add(parent);
                    linkIn.add(i, parent, account);
                    if (r.schools() != null) {
                        for (UUID school : r.schools()) {
                            parentMember.add(i, school, parent, schoolYear);
                        }
                    }
                }
                linkPrune.add(i, account, join(ids));
            }
            if (r.teaches() != null) {
                var keys = new ArrayList<String>();
                for (UUID[] t : r.teaches()) {
                    // t = {school, class or null, group or null, subject}
                    teachIn.add(i, t[0], Ids.newId(), account, t[1], t[2], t[3]);
                    keys.add((t[1] != null ? t[1] : t[2]) + "/" + t[3]);
                }
                teachPrune.add(i, account, String.join(",", keys));
            }
        }
        if (errors.any()) {
            return false;
        }
        // Order matters: enrolments go before the memberships they depend on are pruned.
        for (var b : List.of(
                classPrune,
                groupPrune,
                teachPrune,
                member,
                memberPrune,
                classIn,
                groupIn,
                linkPrune,
                linkIn,
                parentMember,
                teachIn)) {
            b.run(jt, changed);
        }
        return true;
    }

    /**
     * Removes every membership, enrolment, assignment and parent link of these accounts (people who left); their
     * lessons keep their slot without the teacher.
     *
     * @return the rows removed or changed
     */
    int removeAll(List<UUID> accounts) {
        String list = join(accounts);
        int removed = 0;
        for (String sql : List.of(
                "delete from class_enrolment where pupil_id = any(string_to_array(?, ',')::uuid[])",
                "delete from group_enrolment where pupil_id = any(string_to_array(?, ',')::uuid[])",
                "delete from teaching_assignment where teacher_id = any(string_to_array(?, ',')::uuid[])",
                "update timetable_slot set teacher_id = null where teacher_id = any(string_to_array(?, ',')::uuid[])",
                "delete from parent_link where parent_id = any(string_to_array(?, ',')::uuid[])"
                        + " or child_id = any(string_to_array(?, ',')::uuid[])",
                "delete from school_member where account_id = any(string_to_array(?, ',')::uuid[])")) {
            removed += sql.contains(" or ")
                    ? jdbc.sql(sql).params(list, list).update()
                    : jdbc.sql(sql).param(list).update();
        }
        return removed;
    }

    private static String join(List<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(","));
    }
}
