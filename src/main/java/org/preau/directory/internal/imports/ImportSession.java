package org.preau.directory.internal.imports;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.preau.directory.internal.imports.Entry.AudienceDecl;
import org.preau.directory.internal.imports.Entry.AudienceEntry;
import org.preau.directory.internal.imports.Entry.DeleteEntry;
import org.preau.directory.internal.imports.Entry.LevelEntry;
import org.preau.directory.internal.imports.Entry.Op;
import org.preau.directory.internal.imports.Entry.PersonEntry;
import org.preau.directory.internal.imports.Entry.Ref;
import org.preau.directory.internal.imports.Entry.SchoolEntry;
import org.preau.directory.internal.imports.Entry.SlotEntry;
import org.preau.directory.internal.imports.Entry.SubjectEntry;
import org.preau.directory.internal.imports.Entry.Teach;
import org.preau.identity.AccountData;
import org.preau.identity.AccountStatus;
import org.preau.identity.AccountView;
import org.preau.identity.Accounts;
import org.preau.identity.Profile;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Validates and writes the entries of ONE file, inside the caller's transaction.
 *
 * <p>Memory stays bounded: persons and lessons are buffered by {@link #BATCH} and written with JDBC batches; what
 * is kept for the whole file is small (the schools, their classes, groups and subjects, and the keys already seen
 * so that duplicates are reported). Once an error is found nothing more is written (the transaction will be rolled
 * back anyway) but reading and checking go on, so that the report lists every error of the file.
 *
 * <p>Every write is an upsert that changes a row only when a value differs, so re-importing a file writes nothing.
 */
final class ImportSession {

    static final int BATCH = 1000;
    private static final DateTimeFormatter PG_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final JdbcClient jdbc;
    private final JdbcTemplate jt;
    private final Accounts accounts;
    private final String schoolYear;
    private final ErrorList errors;
    /** XML feed: classes and groups exist only through the values that name them, so unknown ones are created. */
    private final boolean implicitAudiences;

    private final Map<String, Long> seen = new HashMap<>();
    private final Map<String, Optional<UUID>> schools = new HashMap<>();
    private final Map<UUID, Map<String, UUID>> classes = new HashMap<>();
    private final Map<UUID, Map<String, UUID>> groups = new HashMap<>();
    private final Map<UUID, Map<String, UUID>> subjects = new HashMap<>();
    private final Map<UUID, Set<String>> keptSlots = new HashMap<>();
    private final Map<UUID, UUID> slotAudienceSchool = new HashMap<>();

    /** Schools this file wrote to: their caches and name copies are refreshed after the import. */
    final Set<UUID> touchedSchools = new LinkedHashSet<>();

    private final List<PersonEntry> persons = new ArrayList<>();
    private final List<DeleteEntry> deletes = new ArrayList<>();
    private final List<SlotEntry> slots = new ArrayList<>();

    int records;
    int created;
    int updated;
    int unchanged;
    int disabled;

    ImportSession(
            JdbcClient jdbc,
            JdbcTemplate jt,
            Accounts accounts,
            String schoolYear,
            ErrorList errors,
            boolean implicitAudiences) {
        this.jdbc = jdbc;
        this.jt = jt;
        this.accounts = accounts;
        this.schoolYear = schoolYear;
        this.errors = errors;
        this.implicitAudiences = implicitAudiences;
    }

    private boolean writing() {
        return !errors.any();
    }

    /** Takes one entry; may write a batch. */
    void accept(Entry entry) {
        records++;
        switch (entry) {
            case SchoolEntry s -> school(s);
            case AudienceEntry a -> audience(a);
            case SubjectEntry s -> subject(s);
            case LevelEntry l -> level(l);
            case PersonEntry p -> {
                if (firstTime("person:" + p.id(), p.line(), "id")) {
                    persons.add(p);
                    if (persons.size() >= BATCH) {
                        flushPersons();
                    }
                }
            }
            case DeleteEntry d -> {
                if (firstTime("person:" + d.id(), d.line(), d.field())) {
                    deletes.add(d);
                    if (deletes.size() >= BATCH) {
                        flushDeletes();
                    }
                }
            }
            case SlotEntry s -> {
                String key = "slot:" + s.school().school() + "/" + s.audience() + "/" + s.weekday() + "/" + s.start();
                if (firstTime(key, s.line(), "start")) {
                    slots.add(s);
                    if (slots.size() >= BATCH) {
                        flushSlots();
                    }
                }
            }
        }
    }

    /** Writes what is buffered and removes the lessons the file no longer lists. */
    void finish() {
        flushPersons();
        flushDeletes();
        flushSlots();
        if (writing()) {
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

    /** Records a key; reports a duplicate when the file already had it. */
    private boolean firstTime(String key, long line, String field) {
        Long before = seen.putIfAbsent(key, line);
        if (before != null) {
            errors.add(line, field, "imports.error.duplicate", before);
            return false;
        }
        return true;
    }

    // ---------------------------------------------------------------- schools, classes, subjects, levels

    private void school(SchoolEntry s) {
        if (!firstTime("school:" + s.uai(), s.line(), "uai")) {
            return;
        }
        seen.putIfAbsent("school:" + s.key(), s.line());
        Set<String> codes = new HashSet<>();
        for (var d : concat(s.classes(), s.groups())) {
            if (!codes.add(d.code())) {
                errors.add(s.line(), "classes", "imports.error.duplicate.code", d.code());
            }
        }
        if (!writing()) {
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
            if ((Boolean) row.get()[1]) {
                created++;
            } else {
                updated++;
            }
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
        schools.put(s.key(), Optional.of(schoolId));
        schools.put(s.uai(), Optional.of(schoolId));
        touchedSchools.add(schoolId);
        boolean audiencesChanged = false;
        for (var c : s.classes()) {
            audiencesChanged |= upsertAudience(schoolId, false, c) != 0;
        }
        for (var g : s.groups()) {
            audiencesChanged |= upsertAudience(schoolId, true, g) != 0;
        }
        if (!changed) {
            if (audiencesChanged) {
                updated++;
            } else {
                unchanged++;
            }
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        var all = new ArrayList<T>(a);
        all.addAll(b);
        return all;
    }

    /** @return 1 created, 2 updated, 0 unchanged */
    private int upsertAudience(UUID schoolId, boolean group, AudienceDecl d) {
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
        var cache = audiences(schoolId, group);
        if (row.isPresent()) {
            cache.put(d.code(), (UUID) row.get()[0]);
            return (Boolean) row.get()[1] ? 1 : 2;
        }
        return 0;
    }

    private void audience(AudienceEntry a) {
        String kind = a.group() ? "group:" : "class:";
        if (!firstTime(kind + a.school().school() + "/" + a.audience().code(), a.line(), "code")) {
            return;
        }
        var schoolId = resolveSchool(a.school(), a.line());
        if (schoolId.isEmpty() || !writing()) {
            return;
        }
        count(upsertAudience(schoolId.get(), a.group(), a.audience()));
    }

    private void count(int outcome) {
        switch (outcome) {
            case 1 -> created++;
            case 2 -> updated++;
            default -> unchanged++;
        }
    }

    private void subject(SubjectEntry s) {
        String school = s.school() == null ? "" : s.school().school();
        if (!firstTime("subject:" + school + "/" + s.code(), s.line(), "code")) {
            return;
        }
        if (s.school() == null) {
            if (writing()) {
                count(refUpsert("import_subject_ref", s.code(), s.label()));
            }
            return;
        }
        var schoolId = resolveSchool(s.school(), s.line());
        if (schoolId.isEmpty() || !writing()) {
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
            subjectsOf(schoolId.get()).put(s.code(), (UUID) row.get()[0]);
            count((Boolean) row.get()[1] ? 1 : 2);
        } else {
            unchanged++;
        }
    }

    private void level(LevelEntry l) {
        if (firstTime("level:" + l.code(), l.line(), "ENTMefJointure") && writing()) {
            count(refUpsert("import_level_ref", l.code(), l.label()));
        }
    }

    private int refUpsert(String table, String code, String label) {
        // table is one of two constants above, never user input.
        var row = jdbc.sql("insert into " + table + " (code, label) values (?, ?) on conflict (code) do update"
                        + " set label = excluded.label where " + table + ".label <> excluded.label"
                        + " returning (xmax = 0)")
                .params(code, label)
                .query(Boolean.class)
                .optional();
        return row.map(inserted -> inserted ? 1 : 2).orElse(0);
    }

    // ---------------------------------------------------------------- resolution of references

    private Optional<UUID> resolveSchool(Ref ref, long line) {
        var id = schools.computeIfAbsent(
                ref.school(),
                key -> jdbc.sql("""
                        select school_id from import_school_key where external_id = ?
                        union all select id from school where uai = ?
                        limit 1""").params(key, key).query(UUID.class).optional());
        id.ifPresent(touchedSchools::add);
        if (id.isEmpty()) {
            if (seen.containsKey("school:" + ref.school())) {
                return Optional.empty(); // declared earlier in this file, not written because of an earlier error
            }
            errors.add(line, ref.field(), "imports.error.unknown.school", ref.school());
            schools.remove(ref.school()); // it may be imported later in this run by another file: ask again then
        }
        return id;
    }

    private Map<String, UUID> audiences(UUID schoolId, boolean group) {
        var cache = group ? groups : classes;
        return cache.computeIfAbsent(schoolId, id -> {
            var map = new HashMap<String, UUID>();
            jdbc.sql("select code, id from " + (group ? "teaching_group" : "school_class")
                            + " where school_id = ? and school_year = ?")
                    .params(id, schoolYear)
                    .query(rs -> {
                        map.put(rs.getString(1), rs.getObject(2, UUID.class));
                    });
            return map;
        });
    }

    private Map<String, UUID> subjectsOf(UUID schoolId) {
        return subjects.computeIfAbsent(schoolId, id -> {
            var map = new HashMap<String, UUID>();
            jdbc.sql("select code, id from subject where school_id = ?")
                    .param(id)
                    .query(rs -> {
                        map.put(rs.getString(1), rs.getObject(2, UUID.class));
                    });
            return map;
        });
    }

    /** A class or group id; in the XML feed an unknown one is created (the feed has no other way to declare it). */
    private Optional<UUID> resolveAudience(UUID schoolId, Ref ref, boolean group, long line) {
        var cache = audiences(schoolId, group);
        UUID id = cache.get(ref.code());
        if (id != null) {
            return Optional.of(id);
        }
        if (implicitAudiences) {
            if (writing()) {
                upsertAudienceIfAbsent(schoolId, group, ref.code());
                return Optional.ofNullable(cache.get(ref.code()));
            }
            return Optional.empty();
        }
        if (seen.containsKey((group ? "group:" : "class:") + ref.school() + "/" + ref.code()) && !writing()) {
            return Optional.empty();
        }
        errors.add(
                line, ref.field(), group ? "imports.error.unknown.group" : "imports.error.unknown.class", ref.code());
        return Optional.empty();
    }

    private void upsertAudienceIfAbsent(UUID schoolId, boolean group, String code) {
        String table = group ? "teaching_group" : "school_class";
        jdbc.sql("insert into " + table + " (school_id, id, code, name, school_year) values (?, ?, ?, ?, ?)"
                        + " on conflict (school_id, school_year, code) do nothing")
                .params(schoolId, Ids.newId(), code, code, schoolYear)
                .update();
        UUID id = jdbc.sql("select id from " + table + " where school_id = ? and school_year = ? and code = ?")
                .params(schoolId, schoolYear, code)
                .query(UUID.class)
                .single();
        audiences(schoolId, group).put(code, id);
    }

    /** A subject of the school; in the XML feed one of the national nomenclature is copied into the school. */
    private Optional<UUID> resolveSubject(UUID schoolId, String code, String field, long line) {
        var cache = subjectsOf(schoolId);
        UUID id = cache.get(code);
        if (id != null) {
            return Optional.of(id);
        }
        var label = jdbc.sql("select label from import_subject_ref where code = ?")
                .param(code)
                .query(String.class)
                .optional();
        if (label.isPresent()) {
            if (!writing()) {
                return Optional.empty();
            }
            jdbc.sql("insert into subject (school_id, id, code, label) values (?, ?, ?, ?) on conflict do nothing")
                    .params(schoolId, Ids.newId(), code, label.get())
                    .update();
            id = jdbc.sql("select id from subject where school_id = ? and code = ?")
                    .params(schoolId, code)
                    .query(UUID.class)
                    .single();
            cache.put(code, id);
            return Optional.of(id);
        }
        if (seen.containsKey("subject:/" + code) && !writing()) {
            return Optional.empty();
        }
        errors.add(line, field, "imports.error.unknown.subject", code);
        return Optional.empty();
    }

    /** Account ids of these external ids, from the keys written by earlier imports and this one. */
    private Map<String, UUID> personKeys(Set<String> externalIds) {
        var result = new HashMap<String, UUID>();
        if (externalIds.isEmpty()) {
            return result;
        }
        jdbc.sql("select external_id, account_id from import_person_key where external_id = any(?)")
                .param(externalIds.toArray(String[]::new))
                .query(rs -> {
                    result.put(rs.getString(1), rs.getObject(2, UUID.class));
                });
        return result;
    }

    // ---------------------------------------------------------------- persons

    /** What one person entry resolves to, before writing. */
    private record Resolved(
            PersonEntry entry, List<UUID> schools, List<UUID[]> classes, List<UUID[]> groups, List<UUID[]> teaches) {}

    private void flushPersons() {
        if (persons.isEmpty()) {
            return;
        }
        var batch = List.copyOf(persons);
        persons.clear();

        // 1. References to schools, classes, groups and subjects.
        var resolved = new ArrayList<Resolved>(batch.size());
        for (var p : batch) {
            resolved.add(resolve(p));
        }

        // 2. Accounts: who exists already, and whether their account will change.
        var ids = batch.stream().map(PersonEntry::id).collect(Collectors.toSet());
        var before = personKeys(ids);
        Map<UUID, AccountView> views = new HashMap<>();
        if (!before.isEmpty()) {
            for (var v : accounts.findAll(before.values())) {
                views.put(v.id(), v);
            }
        }
        var data = new ArrayList<AccountData>();
        boolean[] changed = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            var p = batch.get(i);
            UUID existing = before.get(p.id());
            if (p.hasNames()) {
                var d = new AccountData(
                        p.id(),
                        Optional.ofNullable(p.login()),
                        p.givenName(),
                        p.familyName(),
                        p.profile(),
                        Optional.ofNullable(p.email()));
                data.add(d);
                var view = existing == null ? null : views.get(existing);
                if (view != null && (!view.displayName().equals(d.displayName()) || view.profile() != d.profile())) {
                    changed[i] = true;
                }
            } else if (existing == null) {
                errors.add(p.line(), "id", "imports.error.unknown.person", p.id());
            }
        }
        if (!writing()) {
            return;
        }
        Map<String, UUID> accountIds = new HashMap<>(before);
        if (!data.isEmpty()) {
            accountIds.putAll(accounts.upsertByExternalId(data));
        }
        var newKeys = new ArrayList<Object[]>();
        for (var p : batch) {
            if (!before.containsKey(p.id())) {
                newKeys.add(new Object[] {p.id(), accountIds.get(p.id())});
            }
        }
        if (!newKeys.isEmpty()) {
            jt.batchUpdate(
                    "insert into import_person_key (external_id, account_id) values (?, ?) on conflict do nothing",
                    newKeys);
        }

        // 3. Parents named by pupils: this batch's and earlier ones.
        var parentIds = new HashSet<String>();
        for (var p : batch) {
            if (p.parents() != null) {
                p.parents().forEach(r -> parentIds.add(r.code()));
            }
        }
        var parents = personKeys(parentIds);

        // 4. Memberships, enrolments, links and assignments, as JDBC batches.
        var member = new Batch("""
                insert into school_member (school_id, account_id, role, function, school_year) values (?, ?, ?, ?, ?)
                on conflict (school_id, account_id) do update
                  set role = excluded.role, function = excluded.function, school_year = excluded.school_year
                where (school_member.role, school_member.function, school_member.school_year)
                  is distinct from (excluded.role, excluded.function, excluded.school_year)""");
        var memberPrune = new Batch("""
                delete from school_member where account_id = ? and role = ?
                  and not (school_id = any(string_to_array(?, ',')::uuid[]))""");
        var classIn = new Batch("""
                insert into class_enrolment (school_id, class_id, pupil_id) values (?, ?, ?) on conflict do nothing""");
        var classPrune = new Batch("""
                delete from class_enrolment where pupil_id = ?
                  and not (class_id = any(string_to_array(?, ',')::uuid[]))""");
        var groupIn = new Batch("""
                insert into group_enrolment (school_id, group_id, pupil_id) values (?, ?, ?) on conflict do nothing""");
        var groupPrune = new Batch("""
                delete from group_enrolment where pupil_id = ?
                  and not (group_id = any(string_to_array(?, ',')::uuid[]))""");
        var linkIn = new Batch("""
                insert into parent_link (parent_id, child_id, relation) values (?, ?, null) on conflict do nothing""");
        var linkPrune = new Batch("""
                delete from parent_link where child_id = ?
                  and not (parent_id = any(string_to_array(?, ',')::uuid[]))""");
        var parentMember = new Batch("""
                insert into school_member (school_id, account_id, role, function, school_year)
                values (?, ?, 'PARENT', null, ?) on conflict do nothing""");
        var teachIn = new Batch("""
                insert into teaching_assignment (school_id, id, teacher_id, class_id, group_id, subject_id)
                values (?, ?, ?, ?, ?, ?)
                on conflict (school_id, teacher_id, coalesce(class_id, group_id), subject_id) do nothing""");
        var teachPrune = new Batch("""
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
                var ids2 = new ArrayList<UUID>();
                for (UUID[] c : r.classes()) {
                    classIn.add(i, c[0], c[1], account);
                    ids2.add(c[1]);
                }
                classPrune.add(i, account, join(ids2));
            }
            if (r.groups() != null) {
                var ids2 = new ArrayList<UUID>();
                for (UUID[] g : r.groups()) {
                    groupIn.add(i, g[0], g[1], account);
                    ids2.add(g[1]);
                }
                groupPrune.add(i, account, join(ids2));
            }
            if (p.parents() != null) {
                var ids2 = new ArrayList<UUID>();
                for (var ref : p.parents()) {
                    UUID parent = parents.get(ref.code());
                    if (parent == null) {
                        errors.add(p.line(), ref.field(), "imports.error.unknown.parent", ref.code());
                        continue;
                    }
                    ids2.add(parent);
                    linkIn.add(i, parent, account);
                    if (r.schools() != null) {
                        for (UUID school : r.schools()) {
                            parentMember.add(i, school, parent, schoolYear);
                        }
                    }
                }
                linkPrune.add(i, account, join(ids2));
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
        if (!writing()) {
            return;
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
        for (int i = 0; i < batch.size(); i++) {
            if (!before.containsKey(batch.get(i).id())) {
                created++;
            } else if (changed[i]) {
                updated++;
            } else {
                unchanged++;
            }
        }
    }

    private static String join(List<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(","));
    }

    private Resolved resolve(PersonEntry p) {
        List<UUID> schoolIds = null;
        if (p.schools() != null) {
            var set = new LinkedHashSet<UUID>();
            for (var ref : p.schools()) {
                resolveSchool(ref, p.line()).ifPresent(set::add);
            }
            schoolIds = new ArrayList<>(set);
        }
        List<UUID[]> classIds = null;
        if (p.classes() != null) {
            classIds = new ArrayList<>();
            for (var ref : p.classes()) {
                var school = resolveSchool(new Ref(ref.school(), null, ref.field()), p.line());
                if (school.isPresent()) {
                    if (schoolIds != null && !schoolIds.contains(school.get())) {
                        schoolIds.add(school.get());
                    }
                    var c = resolveAudience(school.get(), ref, false, p.line());
                    if (c.isPresent()) {
                        classIds.add(new UUID[] {school.get(), c.get()});
                    }
                }
            }
        }
        List<UUID[]> groupIds = null;
        if (p.groups() != null) {
            groupIds = new ArrayList<>();
            for (var ref : p.groups()) {
                var school = resolveSchool(new Ref(ref.school(), null, ref.field()), p.line());
                if (school.isPresent()) {
                    if (schoolIds != null && !schoolIds.contains(school.get())) {
                        schoolIds.add(school.get());
                    }
                    var g = resolveAudience(school.get(), ref, true, p.line());
                    if (g.isPresent()) {
                        groupIds.add(new UUID[] {school.get(), g.get()});
                    }
                }
            }
        }
        List<UUID[]> teaches = null;
        if (p.teaches() != null) {
            teaches = new ArrayList<>();
            var distinct = new HashSet<String>();
            for (Teach t : p.teaches()) {
                var school = resolveSchool(new Ref(t.school(), null, t.field()), p.line());
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
                    classId = audiences(school.get(), false).get(t.audience());
                    groupId = classId == null ? audiences(school.get(), true).get(t.audience()) : null;
                    if (classId == null && groupId == null) {
                        if (!(seen.containsKey("class:" + t.school() + "/" + t.audience())
                                || seen.containsKey("group:" + t.school() + "/" + t.audience()))) {
                            errors.add(p.line(), t.field(), "imports.error.unknown.audience", t.audience());
                        }
                        continue;
                    }
                } else if (t.group()) {
                    groupId = resolveAudience(school.get(), ref, true, p.line()).orElse(null);
                } else {
                    classId =
                            resolveAudience(school.get(), ref, false, p.line()).orElse(null);
                }
                var subject = resolveSubject(school.get(), t.subject(), t.field(), p.line());
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

    // ---------------------------------------------------------------- deletes

    private void flushDeletes() {
        if (deletes.isEmpty()) {
            return;
        }
        var batch = List.copyOf(deletes);
        deletes.clear();
        var keys = personKeys(batch.stream().map(DeleteEntry::id).collect(Collectors.toSet()));
        if (!writing()) {
            return;
        }
        // A person deleted twice, or never imported, is already gone: nothing to do, not an error.
        var ids = new ArrayList<>(keys.values());
        var active = new HashSet<UUID>();
        for (var v : accounts.findAll(ids)) {
            if (v.status() != AccountStatus.DISABLED) {
                active.add(v.id());
            }
        }
        if (!active.isEmpty()) {
            accounts.disable(active);
        }
        String list = join(ids);
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
        disabled += active.size();
        // A delete that only removed leftover memberships of an already disabled account counts as an update.
        unchanged += batch.size() - active.size() - (active.isEmpty() && removed > 0 ? 1 : 0);
        updated += active.isEmpty() && removed > 0 ? 1 : 0;
    }

    // ---------------------------------------------------------------- timetable

    private void flushSlots() {
        if (slots.isEmpty()) {
            return;
        }
        var batch = List.copyOf(slots);
        slots.clear();
        var teachers = personKeys(batch.stream()
                .map(SlotEntry::teacher)
                .filter(t -> t != null && !t.isBlank())
                .collect(Collectors.toSet()));
        var upsert = new Batch("""
                insert into timetable_slot
                  (school_id, id, class_id, group_id, subject_id, teacher_id, weekday, starts_at, ends_at, room)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (school_id, coalesce(class_id, group_id), weekday, starts_at) do update
                  set subject_id = excluded.subject_id, teacher_id = excluded.teacher_id,
                      ends_at = excluded.ends_at, room = excluded.room
                where (timetable_slot.subject_id, timetable_slot.teacher_id, timetable_slot.ends_at, timetable_slot.room)
                  is distinct from (excluded.subject_id, excluded.teacher_id, excluded.ends_at, excluded.room)""");
        var fresh = new LinkedHashMap<Integer, Boolean>();
        for (int i = 0; i < batch.size(); i++) {
            var s = batch.get(i);
            var school = resolveSchool(s.school(), s.line());
            if (school.isEmpty()) {
                continue;
            }
            UUID classId = audiences(school.get(), false).get(s.audience());
            UUID groupId = classId == null ? audiences(school.get(), true).get(s.audience()) : null;
            if (classId == null && groupId == null) {
                errors.add(s.line(), "audience", "imports.error.unknown.audience", s.audience());
                continue;
            }
            UUID subject = subjectsOf(school.get()).get(s.subject());
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
            fresh.put(i, true);
        }
        if (!writing()) {
            return;
        }
        boolean[] changed = new boolean[batch.size()];
        upsert.run(jt, changed);
        for (int i : fresh.keySet()) {
            if (changed[i]) {
                updated++; // a new lesson and a changed lesson are not told apart by the upsert; see FileReport
            } else {
                unchanged++;
            }
        }
    }

    /** One SQL statement run as a JDBC batch; each row belongs to an entry of the buffer being written. */
    private static final class Batch {
        private final String sql;
        private final List<Object[]> rows = new ArrayList<>();
        private final List<Integer> owners = new ArrayList<>();

        Batch(String sql) {
            this.sql = sql;
        }

        void add(int owner, Object... params) {
            owners.add(owner);
            rows.add(params);
        }

        void run(JdbcTemplate jt, boolean[] changed) {
            if (rows.isEmpty()) {
                return;
            }
            // Nulls are sent untyped (the server infers the type): Spring's default would ask the driver for
            // parameter metadata, a round trip per null.
            int[] counts = jt.batchUpdate(sql, new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
                @Override
                public void setValues(java.sql.PreparedStatement ps, int i) throws java.sql.SQLException {
                    Object[] row = rows.get(i);
                    for (int c = 0; c < row.length; c++) {
                        if (row[c] == null) {
                            ps.setNull(c + 1, java.sql.Types.OTHER);
                        } else {
                            ps.setObject(c + 1, row[c]);
                        }
                    }
                }

                @Override
                public int getBatchSize() {
                    return rows.size();
                }
            });
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    changed[owners.get(i)] = true;
                }
            }
        }
    }
}
