package org.preau.directory.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.Membership;
import org.preau.directory.Person;
import org.preau.directory.PupilPlacement;
import org.preau.directory.Role;
import org.preau.directory.School;
import org.preau.directory.SchoolClass;
import org.preau.directory.Subject;
import org.preau.directory.TeachingAssignment;
import org.preau.directory.TeachingGroup;
import org.preau.directory.TimetableSlot;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The directory's SQL. Every method is one statement whatever the size of the answer (no query per row), so that
 * the number of queries a page costs does not grow with a pupil's groups or a teacher's classes. Lists of people
 * join {@code directory_person}, the directory's own copy of names (see {@link NameIndex}).
 */
@Repository
class DirectoryQueries {

    private static final String SCHOOL_COLUMNS = "s.id as s_id, s.uai as s_uai, s.name as s_name, s.city as s_city";

    /**
     * A pupil's placement rows: their pupil membership, their class, their groups; {@code %s} filters on the pupil
     * column {@code x.pupil_id} of each branch, so one template serves one pupil and a parent's children.
     */
    private static final String PLACEMENT_ROWS = """
            select 'M' as kind, x.pupil_id, %1$s,
                   null::uuid as a_id, null as a_code, null as a_name, null as a_level, null as a_year
            from (select account_id as pupil_id, school_id from school_member where role = 'PUPIL') x
            join school s on s.id = x.school_id
            %2$s
            union all
            select 'C', x.pupil_id, %1$s, c.id, c.code, c.name, c.level, c.school_year
            from class_enrolment x
            join school_class c on c.school_id = x.school_id and c.id = x.class_id
            join school s on s.id = x.school_id
            %2$s
            union all
            select 'G', x.pupil_id, %1$s, g.id, g.code, g.name, null, g.school_year
            from group_enrolment x
            join teaching_group g on g.school_id = x.school_id and g.id = x.group_id
            join school s on s.id = x.school_id
            %2$s
            """;

    private final JdbcClient jdbc;

    DirectoryQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<School> school(UUID schoolId) {
        return jdbc.sql("select " + SCHOOL_COLUMNS + " from school s where s.id = ?")
                .param(schoolId)
                .query((rs, n) -> school(rs))
                .optional();
    }

    List<School> schools() {
        return jdbc.sql("select " + SCHOOL_COLUMNS + " from school s order by s.name, s.id")
                .query((rs, n) -> school(rs))
                .list();
    }

    List<Membership> membershipsOf(UUID accountId) {
        return jdbc.sql("select " + SCHOOL_COLUMNS + ", m.role, m.function from school_member m"
                        + " join school s on s.id = m.school_id where m.account_id = ? order by s.name, s.id")
                .param(accountId)
                .query((rs, n) -> new Membership(
                        school(rs), Role.valueOf(rs.getString("role")), Optional.ofNullable(rs.getString("function"))))
                .list();
    }

    /** The placement query of one pupil ({@code :pupil}); the index test EXPLAINs it. */
    static final String PLACEMENT_OF = PLACEMENT_ROWS.formatted(SCHOOL_COLUMNS, "where x.pupil_id = :pupil");

    /** The placement query of a parent's children ({@code :parent}). */
    static final String CHILDREN_OF = PLACEMENT_ROWS.formatted(
            SCHOOL_COLUMNS, "where x.pupil_id in (select child_id from parent_link where parent_id = :parent)");

    /** One query: the membership, class and groups of the pupil. */
    Optional<PupilPlacement> placementOf(UUID pupilId) {
        var rows = jdbc.sql(PLACEMENT_OF)
                .param("pupil", pupilId)
                .query(DirectoryQueries::placementRow)
                .list();
        return assemble(rows).stream().findFirst();
    }

    /** One query: the placements of all of a parent's children, wherever they are taught. */
    List<PupilPlacement> childrenOf(UUID parentId) {
        var rows = jdbc.sql(CHILDREN_OF)
                .param("parent", parentId)
                .query(DirectoryQueries::placementRow)
                .list();
        return assemble(rows);
    }

    Set<UUID> childIdsOf(UUID parentId) {
        return Set.copyOf(jdbc.sql("select child_id from parent_link where parent_id = ?")
                .param(parentId)
                .query(UUID.class)
                .list());
    }

    /** One query: the teacher's assignments in every school, with their audience and subject. */
    static final String ASSIGNMENTS_OF = """
                        select ta.school_id, ta.id, ta.teacher_id, ta.class_id, ta.group_id,
                               coalesce(c.name, g.name) as audience_name,
                               sub.id as subject_id, sub.code as subject_code, sub.label as subject_label
                        from teaching_assignment ta
                        join subject sub on sub.school_id = ta.school_id and sub.id = ta.subject_id
                        left join school_class c on c.school_id = ta.school_id and c.id = ta.class_id
                        left join teaching_group g on g.school_id = ta.school_id and g.id = ta.group_id
                        where ta.teacher_id = :teacher
                        order by audience_name, sub.label, ta.id""";

    List<TeachingAssignment> assignmentsOf(UUID teacherId) {
        return jdbc.sql(ASSIGNMENTS_OF)
                .param("teacher", teacherId)
                .query((rs, n) -> {
                    UUID schoolId = rs.getObject("school_id", UUID.class);
                    return new TeachingAssignment(
                            schoolId,
                            rs.getObject("id", UUID.class),
                            rs.getObject("teacher_id", UUID.class),
                            audience(rs, schoolId),
                            subject(rs, schoolId));
                })
                .list();
    }

    /** One query: the school's whole weekly timetable, by weekday and start time. */
    List<TimetableSlot> weeklyTimetable(UUID schoolId) {
        return jdbc.sql("""
                        select t.school_id, t.id, t.class_id, t.group_id, coalesce(c.name, g.name) as audience_name,
                               sub.id as subject_id, sub.code as subject_code, sub.label as subject_label,
                               t.teacher_id, t.weekday, t.starts_at, t.ends_at, t.room
                        from timetable_slot t
                        join subject sub on sub.school_id = t.school_id and sub.id = t.subject_id
                        left join school_class c on c.school_id = t.school_id and c.id = t.class_id
                        left join teaching_group g on g.school_id = t.school_id and g.id = t.group_id
                        where t.school_id = ?
                        order by t.weekday, t.starts_at, audience_name, t.id""")
                .param(schoolId)
                .query((rs, n) -> new TimetableSlot(
                        schoolId,
                        rs.getObject("id", UUID.class),
                        audience(rs, schoolId),
                        subject(rs, schoolId),
                        Optional.ofNullable(rs.getObject("teacher_id", UUID.class)),
                        DayOfWeek.of(rs.getInt("weekday")),
                        rs.getObject("starts_at", LocalTime.class),
                        rs.getObject("ends_at", LocalTime.class),
                        Optional.ofNullable(rs.getString("room"))))
                .list();
    }

    List<SchoolClass> classes(UUID schoolId) {
        return jdbc.sql("select * from school_class where school_id = ? order by level, name, id")
                .param(schoolId)
                .query((rs, n) -> schoolClass(rs))
                .list();
    }

    Optional<SchoolClass> schoolClass(UUID schoolId, UUID classId) {
        return jdbc.sql("select * from school_class where school_id = ? and id = ?")
                .params(schoolId, classId)
                .query((rs, n) -> schoolClass(rs))
                .optional();
    }

    List<TeachingGroup> groups(UUID schoolId) {
        return jdbc.sql("select * from teaching_group where school_id = ? order by name, id")
                .param(schoolId)
                .query((rs, n) -> new TeachingGroup(
                        rs.getObject("school_id", UUID.class),
                        rs.getObject("id", UUID.class),
                        rs.getString("code"),
                        rs.getString("name"),
                        rs.getString("school_year")))
                .list();
    }

    List<Subject> subjects(UUID schoolId) {
        return jdbc.sql("select id as subject_id, code as subject_code, label as subject_label from subject"
                        + " where school_id = ? order by label, id")
                .param(schoolId)
                .query((rs, n) -> subject(rs, schoolId))
                .list();
    }

    List<Person> pupilsOf(UUID schoolId, UUID audienceId) {
        return jdbc.sql("""
                        select p.account_id, p.login, p.display_name, 'PUPIL' as role
                        from (select pupil_id from class_enrolment where school_id = :school and class_id = :audience
                              union
                              select pupil_id from group_enrolment where school_id = :school and group_id = :audience) e
                        join directory_person p on p.account_id = e.pupil_id
                        order by p.sort_key, p.account_id""")
                .param("school", schoolId)
                .param("audience", audienceId)
                .query((rs, n) -> person(rs))
                .list();
    }

    List<Person> teachersOf(UUID schoolId, UUID audienceId) {
        return jdbc.sql("""
                        select p.account_id, p.login, p.display_name, 'TEACHER' as role
                        from (select teacher_id from teaching_assignment
                              where school_id = :school and class_id = :audience
                              union
                              select teacher_id from teaching_assignment
                              where school_id = :school and group_id = :audience) t
                        join directory_person p on p.account_id = t.teacher_id
                        order by p.sort_key, p.account_id""")
                .param("school", schoolId)
                .param("audience", audienceId)
                .query((rs, n) -> person(rs))
                .list();
    }

    List<UUID> parentIdsOf(UUID pupilId) {
        return jdbc.sql("select parent_id from parent_link where child_id = ?")
                .param(pupilId)
                .query(UUID.class)
                .list();
    }

    List<Person> parentsOf(UUID pupilId) {
        return jdbc.sql("""
                        select p.account_id, p.login, p.display_name, 'PARENT' as role
                        from parent_link pl join directory_person p on p.account_id = pl.parent_id
                        where pl.child_id = ?
                        order by p.sort_key, p.account_id""").param(pupilId).query((rs, n) -> person(rs)).list();
    }

    /** The parents of every pupil of a class or group, in one query: child id → parents sorted by name. */
    Map<UUID, List<Person>> parentsOfAudience(UUID schoolId, UUID audienceId) {
        var result = new LinkedHashMap<UUID, List<Person>>();
        jdbc.sql("""
                        select e.pupil_id, p.account_id, p.login, p.display_name, 'PARENT' as role
                        from (select pupil_id from class_enrolment where school_id = :school and class_id = :audience
                              union
                              select pupil_id from group_enrolment where school_id = :school and group_id = :audience) e
                        join parent_link pl on pl.child_id = e.pupil_id
                        join directory_person p on p.account_id = pl.parent_id
                        order by p.sort_key, p.account_id""").param("school", schoolId).param("audience", audienceId).query(rs -> {
            result.computeIfAbsent(rs.getObject("pupil_id", UUID.class), k -> new ArrayList<>())
                    .add(person(rs));
        });
        return result;
    }

    Optional<Person> personOf(UUID schoolId, UUID accountId) {
        return jdbc.sql("""
                        select p.account_id, p.login, p.display_name, min(sp.role) as role
                        from school_person sp join directory_person p on p.account_id = sp.account_id
                        where sp.school_id = ? and sp.account_id = ?
                        group by p.account_id, p.login, p.display_name""")
                .params(schoolId, accountId)
                .query((rs, n) -> person(rs))
                .optional();
    }

    /** Names of these accounts from the directory's copy, by account id. */
    Map<UUID, Person> people(java.util.Collection<UUID> accountIds, org.preau.directory.Role role) {
        if (accountIds.isEmpty()) {
            return Map.of();
        }
        var result = new LinkedHashMap<UUID, Person>();
        jdbc.sql("select account_id, login, display_name, :role as role from directory_person"
                        + " where account_id in (:ids) order by sort_key, account_id")
                .param("role", role.name())
                .param("ids", List.copyOf(accountIds))
                .query(rs -> {
                    var person = person(rs);
                    result.put(person.accountId(), person);
                });
        return result;
    }

    /** People of one school (members and their pupils' parents) matching a term, sorted by name, after a key. */
    List<Person> searchPeople(UUID schoolId, String query, Optional<UUID> after, int limit) {
        String afterClause = after.isPresent()
                ? " and (p.sort_key, p.account_id) > (select sort_key, account_id from directory_person"
                        + " where account_id = :after)"
                : "";
        var spec = jdbc.sql("""
                        select p.account_id, p.login, p.display_name, min(sp.role) as role, p.sort_key
                        from school_person sp
                        join directory_person p on p.account_id = sp.account_id
                        where sp.school_id = :school and p.search_key like :pattern escape '\\'""" + afterClause + """

                        group by p.account_id, p.login, p.display_name, p.sort_key
                        order by p.sort_key, p.account_id
                        limit :limit""")
                .param("school", schoolId)
                .param("pattern", SearchText.containsPattern(query))
                .param("limit", limit);
        if (after.isPresent()) {
            spec = spec.param("after", after.get());
        }
        return spec.query((rs, n) -> person(rs)).list();
    }

    private static School school(ResultSet rs) throws SQLException {
        return new School(
                rs.getObject("s_id", UUID.class),
                rs.getString("s_uai"),
                rs.getString("s_name"),
                rs.getString("s_city"));
    }

    private static SchoolClass schoolClass(ResultSet rs) throws SQLException {
        return new SchoolClass(
                rs.getObject("school_id", UUID.class),
                rs.getObject("id", UUID.class),
                rs.getString("code"),
                rs.getString("name"),
                rs.getString("level"),
                rs.getString("school_year"));
    }

    private static Audience audience(ResultSet rs, UUID schoolId) throws SQLException {
        UUID classId = rs.getObject("class_id", UUID.class);
        return classId != null
                ? new Audience(schoolId, Audience.Kind.CLASS, classId, rs.getString("audience_name"))
                : new Audience(
                        schoolId,
                        Audience.Kind.GROUP,
                        rs.getObject("group_id", UUID.class),
                        rs.getString("audience_name"));
    }

    private static Subject subject(ResultSet rs, UUID schoolId) throws SQLException {
        return new Subject(
                schoolId,
                rs.getObject("subject_id", UUID.class),
                rs.getString("subject_code"),
                rs.getString("subject_label"));
    }

    static Person person(ResultSet rs) throws SQLException {
        return new Person(
                rs.getObject("account_id", UUID.class),
                rs.getString("login"),
                rs.getString("display_name"),
                Role.valueOf(rs.getString("role")));
    }

    private record PlacementRow(
            char kind, UUID pupilId, School school, UUID id, String code, String name, String level, String year) {}

    private static PlacementRow placementRow(ResultSet rs, int n) throws SQLException {
        return new PlacementRow(
                rs.getString("kind").charAt(0),
                rs.getObject("pupil_id", UUID.class),
                school(rs),
                rs.getObject("a_id", UUID.class),
                rs.getString("a_code"),
                rs.getString("a_name"),
                rs.getString("a_level"),
                rs.getString("a_year"));
    }

    /**
     * Builds placements from rows: a pupil's school is the school of their class (else of their membership); groups
     * of that school only.
     */
    private static List<PupilPlacement> assemble(List<PlacementRow> rows) {
        var byPupil = new LinkedHashMap<UUID, List<PlacementRow>>();
        rows.forEach(r ->
                byPupil.computeIfAbsent(r.pupilId(), k -> new ArrayList<>()).add(r));
        var result = new ArrayList<PupilPlacement>();
        byPupil.forEach((pupilId, own) -> {
            var classRow = own.stream().filter(r -> r.kind() == 'C').findFirst();
            School school = classRow.map(PlacementRow::school)
                    .or(() -> own.stream()
                            .filter(r -> r.kind() == 'M')
                            .map(PlacementRow::school)
                            .findFirst())
                    .orElse(own.getFirst().school());
            var schoolClass =
                    classRow.map(r -> new SchoolClass(school.id(), r.id(), r.code(), r.name(), r.level(), r.year()));
            var groups = own.stream()
                    .filter(r -> r.kind() == 'G' && r.school().id().equals(school.id()))
                    .map(r -> new TeachingGroup(school.id(), r.id(), r.code(), r.name(), r.year()))
                    .sorted(Comparator.comparing(TeachingGroup::name).thenComparing(TeachingGroup::id))
                    .toList();
            result.add(new PupilPlacement(pupilId, school, schoolClass, groups));
        });
        result.sort(Comparator.comparing((PupilPlacement p) -> p.school().name())
                .thenComparing(p -> p.schoolClass().map(SchoolClass::name).orElse(""))
                .thenComparing(PupilPlacement::pupilId));
        return List.copyOf(result);
    }
}
