package org.preau.directory;

import java.util.UUID;
import org.preau.directory.internal.DirectoryTestAccess;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.Ids;
import org.preau.support.TestSchool;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Extra fixture data for directory tests, written with SQL like {@link TestSchool}. */
public final class DirectoryFixtures {

    private DirectoryFixtures() {}

    /**
     * Copies the school's names into the directory's name index, as identity would through {@code Accounts.findAll}
     * (tests may read any table; the product code does not).
     */
    public static void indexNames(JdbcClient jdbc, TestSchool school) {
        jdbc.sql("""
                        insert into directory_person (account_id, login, display_name, search_key, sort_key, refreshed_at)
                        select a.id, a.login, a.display_name,
                               lower(a.display_name || ' ' || a.login), lower(a.display_name), now()
                        from account a
                        where a.id in (select account_id from school_person where school_id = ?)
                        on conflict (account_id) do nothing""").param(school.schoolId).update();
    }

    /** A new account (not a member of any school). */
    public static CurrentUser account(JdbcClient jdbc, Profile profile, String given, String family) {
        UUID id = Ids.newId();
        String login = given.toLowerCase() + "." + family.toLowerCase() + "."
                + id.toString().substring(24);
        jdbc.sql("""
                        insert into account (id, login, display_name, given_name, family_name, profile, status)
                        values (?, ?, ?, ?, ?, ?, 'ACTIVE')""")
                .params(id, login, given + " " + family, given, family, profile.name())
                .update();
        return new CurrentUser(id, login, given + " " + family, profile);
    }

    public static void member(JdbcClient jdbc, UUID schoolId, CurrentUser user, String role, String function) {
        jdbc.sql("insert into school_member (school_id, account_id, role, function, school_year) values (?,?,?,?,?)")
                .params(schoolId, user.accountId(), role, function, "2026-2027")
                .update();
        copyName(jdbc, user.accountId());
    }

    /**
     * The directory's copy of one person's names, as the directory writes it in the transaction of every change of
     * its own (docs/adr/0086): a fixture that adds a person to a school after the school was listed does the same.
     */
    private static void copyName(JdbcClient jdbc, UUID accountId) {
        var names = jdbc.sql("select login, display_name from account where id = ?")
                .param(accountId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .single();
        jdbc.sql("""
                        insert into directory_person (account_id, login, display_name, search_key, sort_key, refreshed_at)
                        values (?, ?, ?, ?, ?, now())
                        on conflict (account_id) do nothing""")
                .params(
                        accountId,
                        names[0],
                        names[1],
                        DirectoryTestAccess.fold(names[1] + " " + names[0]),
                        DirectoryTestAccess.fold(names[1]))
                .update();
    }

    public static void enrolInClass(JdbcClient jdbc, UUID schoolId, UUID classId, UUID pupilId) {
        jdbc.sql("insert into class_enrolment (school_id, class_id, pupil_id) values (?,?,?)")
                .params(schoolId, classId, pupilId)
                .update();
    }

    public static UUID group(JdbcClient jdbc, UUID schoolId, String name) {
        UUID id = Ids.newId();
        jdbc.sql("insert into teaching_group (school_id, id, code, name, school_year) values (?,?,?,?,?)")
                .params(schoolId, id, "G" + id.toString().substring(24), name, "2026-2027")
                .update();
        return id;
    }

    public static void enrolInGroup(JdbcClient jdbc, UUID schoolId, UUID groupId, UUID pupilId) {
        jdbc.sql("insert into group_enrolment (school_id, group_id, pupil_id) values (?,?,?)")
                .params(schoolId, groupId, pupilId)
                .update();
    }

    public static UUID subject(JdbcClient jdbc, UUID schoolId, String label) {
        UUID id = Ids.newId();
        jdbc.sql("insert into subject (school_id, id, code, label) values (?,?,?,?)")
                .params(schoolId, id, "S" + id.toString().substring(24), label)
                .update();
        return id;
    }

    public static void assignToGroup(JdbcClient jdbc, UUID schoolId, UUID teacherId, UUID groupId, UUID subjectId) {
        jdbc.sql("insert into teaching_assignment (school_id, id, teacher_id, group_id, subject_id) values (?,?,?,?,?)")
                .params(schoolId, Ids.newId(), teacherId, groupId, subjectId)
                .update();
    }

    public static void parentOf(JdbcClient jdbc, UUID parentId, UUID childId) {
        jdbc.sql("insert into parent_link (parent_id, child_id, relation) values (?,?,?)")
                .params(parentId, childId, "PERE")
                .update();
        copyName(jdbc, parentId);
    }
}
