package org.preau.directory.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Person;
import org.preau.directory.RecipientGroup;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The communication rules as SQL: the set of people a sender may write to, computed in the database from the
 * sender's memberships, the school's rules (defaults where absent), and the sender's classes and groups. Both
 * "may A write to B" and the recipient search filter that one set, so they can never disagree, and the search never
 * returns anyone outside it whatever the query.
 */
@Repository
class RecipientQueries {

    /**
     * {@code allowed(school_id, account_id, role)}: whom {@code :from} may write to.
     *
     * <ul>
     *   <li>{@code me}: the schools where the sender is a member, with their role; a parent counts as a parent in
     *       every school where one of their children is a pupil (children may be in different schools).
     *   <li>{@code reach}: per school and recipient role, the school's rule or the default.
     *   <li>{@code aud}: the sender's classes and groups: a pupil's own, a parent's children's, a teacher's taught.
     *   <li>{@code around}: people of those classes and groups: their teachers, pupils, and pupils' parents.
     *   <li>{@code allowed}: people of a whole-school reach (the members of that role, and for parents also the
     *       parents of the school's pupils, as in the {@code school_person} view), plus people around the sender
     *       where the reach is "own classes". Split by reach rather than filtering the whole school, so that a
     *       pupil's check reads only their surroundings and the school's staff.
     * </ul>
     */
    private static final String ALLOWED = """
            with me as (
                select school_id, role from school_member where account_id = :from
                union
                select m.school_id, 'PARENT' from parent_link pl
                join school_member m on m.account_id = pl.child_id and m.role = 'PUPIL'
                where pl.parent_id = :from
            ),
            reach as (
                select me.school_id, me.role as from_role, d.to_role, coalesce(o.reach, d.reach) as reach
                from me
                join %s as d(from_role, to_role, reach) on d.from_role = me.role
                left join communication_rule o
                       on o.school_id = me.school_id and o.from_role = me.role and o.to_role = d.to_role
            ),
            focus as (
                select school_id, :from as pupil_id from me where role = 'PUPIL'
                union
                select me.school_id, pl.child_id from me join parent_link pl on pl.parent_id = :from
                where me.role = 'PARENT'
            ),
            aud as (
                select e.school_id, e.class_id as audience_id
                from class_enrolment e join focus f on f.school_id = e.school_id and f.pupil_id = e.pupil_id
                union
                select e.school_id, e.group_id
                from group_enrolment e join focus f on f.school_id = e.school_id and f.pupil_id = e.pupil_id
                union
                select ta.school_id, coalesce(ta.class_id, ta.group_id) from teaching_assignment ta
                where ta.teacher_id = :from
                  and exists (select 1 from me where me.school_id = ta.school_id and me.role = 'TEACHER')
            ),
            pupils_around as (
                select e.school_id, e.pupil_id from class_enrolment e
                join aud a on a.school_id = e.school_id and a.audience_id = e.class_id
                union
                select e.school_id, e.pupil_id from group_enrolment e
                join aud a on a.school_id = e.school_id and a.audience_id = e.group_id
            ),
            around as (
                select ta.school_id, ta.teacher_id as account_id, 'TEACHER' as role from teaching_assignment ta
                join aud a on a.school_id = ta.school_id and a.audience_id = ta.class_id
                union
                select ta.school_id, ta.teacher_id, 'TEACHER' from teaching_assignment ta
                join aud a on a.school_id = ta.school_id and a.audience_id = ta.group_id
                union
                select school_id, pupil_id, 'PUPIL' from pupils_around
                union
                select pa.school_id, pl.parent_id, 'PARENT' from pupils_around pa
                join parent_link pl on pl.child_id = pa.pupil_id
            ),
            allowed_any as (
                -- whole-school reach (staff reach the whole school whatever the rule says "own classes")
                select m.school_id, m.account_id, m.role
                from reach r
                join school_member m on m.school_id = r.school_id and m.role = r.to_role
                where r.reach = 'WHOLE_SCHOOL'
                   or (r.reach = 'OWN_CLASSES' and (r.from_role in ('STAFF', 'ADMIN') or r.to_role in ('STAFF', 'ADMIN')))
                union
                -- the school's parents include the parents of its pupils who are not members there
                select m.school_id, pl.parent_id, 'PARENT'
                from reach r
                join school_member m on m.school_id = r.school_id and m.role = 'PUPIL'
                join parent_link pl on pl.child_id = m.account_id
                where r.to_role = 'PARENT'
                  and (r.reach = 'WHOLE_SCHOOL' or (r.reach = 'OWN_CLASSES' and r.from_role in ('STAFF', 'ADMIN')))
                union
                -- own-classes reach: the people around the sender's classes and groups
                select a.school_id, a.account_id, a.role
                from around a
                join reach r on r.school_id = a.school_id and r.to_role = a.role
                where r.reach = 'OWN_CLASSES'
            ),
            allowed as (
                select school_id, account_id, role from allowed_any where account_id <> :from
            )
            """.formatted(CommunicationDefaults.SQL_VALUES);

    private final JdbcClient jdbc;

    RecipientQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean mayWrite(UUID from, UUID to) {
        return jdbc.sql(ALLOWED + "select exists (select 1 from allowed where account_id = :to)")
                .param("from", from)
                .param("to", to)
                .query(Boolean.class)
                .single();
    }

    /** People the sender may write to whose name or login contains the term, sorted by name, at most limit. */
    List<Person> search(UUID from, String query, int limit) {
        return jdbc.sql(ALLOWED + """
                        select p.account_id, p.login, p.display_name, min(a.role) as role, p.sort_key
                        from allowed a
                        join directory_person p on p.account_id = a.account_id
                        where p.search_key like :pattern escape '\\'
                        group by p.account_id, p.login, p.display_name, p.sort_key
                        order by p.sort_key, p.account_id
                        limit :limit""")
                .param("from", from)
                .param("pattern", SearchText.containsPattern(query))
                .param("limit", limit)
                .query((rs, n) -> DirectoryQueries.person(rs))
                .list();
    }

    /**
     * The groups the sender may address: audiences around them (every class and group of a school where they are
     * staff) times the roles their reach there is not "nobody" for, plus each school's staff. Which members of a
     * group may actually be written to is {@link #members}'s job, through the same {@code allowed} set.
     */
    List<RecipientGroup> groups(UUID from) {
        return jdbc.sql(ALLOWED + """
                        , cand as (
                            select c.school_id, c.id as audience_id, c.name from school_class c
                            join me on me.school_id = c.school_id and me.role in ('STAFF', 'ADMIN')
                            union
                            select g.school_id, g.id, g.name from teaching_group g
                            join me on me.school_id = g.school_id and me.role in ('STAFF', 'ADMIN')
                            union
                            select a.school_id, a.audience_id, coalesce(c.name, g.name) from aud a
                            left join school_class c on c.school_id = a.school_id and c.id = a.audience_id
                            left join teaching_group g on g.school_id = a.school_id and g.id = a.audience_id
                        ),
                        offered as (
                            select distinct cand.school_id, cand.audience_id, cand.name, k.kind
                            from cand
                            join (values ('PUPILS', 'PUPIL'), ('PARENTS', 'PARENT'), ('TEACHERS', 'TEACHER'))
                                 as k(kind, role) on true
                            join reach r on r.school_id = cand.school_id and r.to_role = k.role
                            where r.reach <> 'NOBODY' and cand.name is not null
                            union
                            select distinct s.id, null::uuid, s.name, 'STAFF' from school s
                            join reach r on r.school_id = s.id and r.to_role = 'STAFF'
                            where r.reach <> 'NOBODY'
                        )
                        select school_id, audience_id, name, kind from offered
                        order by school_id, kind = 'STAFF' desc, lower(name), kind""")
                .param("from", from)
                .query((rs, n) -> new RecipientGroup(
                        rs.getObject("school_id", UUID.class),
                        RecipientGroup.Kind.valueOf(rs.getString("kind")),
                        Optional.ofNullable(rs.getObject("audience_id", UUID.class)),
                        rs.getString("name")))
                .list();
    }

    /** The members of a group the sender may write to, sorted by name (the group's kind picks who is a member). */
    List<Person> members(UUID from, RecipientGroup group) {
        String candidates = switch (group.kind()) {
            case PUPILS -> """
                            select pupil_id from class_enrolment where school_id = :school and class_id = :audience
                            union select pupil_id from group_enrolment where school_id = :school and group_id = :audience""";
            case PARENTS -> """
                            select pl.parent_id from parent_link pl where pl.child_id in (
                                select pupil_id from class_enrolment where school_id = :school and class_id = :audience
                                union
                                select pupil_id from group_enrolment where school_id = :school and group_id = :audience)""";
            case TEACHERS -> """
                            select teacher_id from teaching_assignment
                            where school_id = :school and (class_id = :audience or group_id = :audience)""";
            case STAFF -> "select account_id from school_member where school_id = :school and role = 'STAFF'";
        };
        String role = switch (group.kind()) {
            case PUPILS -> "PUPIL";
            case PARENTS -> "PARENT";
            case TEACHERS -> "TEACHER";
            case STAFF -> "STAFF";
        };
        return jdbc.sql(ALLOWED + """
                        select p.account_id, p.login, p.display_name, a.role, p.sort_key
                        from allowed a
                        join directory_person p on p.account_id = a.account_id
                        where a.school_id = :school and a.role = :role and a.account_id in (%s)
                        group by p.account_id, p.login, p.display_name, a.role, p.sort_key
                        order by p.sort_key, p.account_id""".formatted(candidates))
                .param("from", from)
                .param("school", group.schoolId())
                .param("audience", group.audienceId().orElse(group.schoolId()))
                .param("role", role)
                .query((rs, n) -> DirectoryQueries.person(rs))
                .list();
    }
}
