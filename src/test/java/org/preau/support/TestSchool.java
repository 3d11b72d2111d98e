package org.preau.support;

import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * A small school written straight into the database for tests: one class, one group, two subjects, a teacher of
 * each, two pupils (one in the group), a parent of the first pupil, a head of school. Every name is unique, so
 * tests sharing one database never collide. Accounts are ACTIVE with no password (tests that log in through the
 * form set one with the identity API).
 *
 * <p>Fixtures may use SQL; production code of one module never touches another module's tables.
 */
public final class TestSchool {

    public final UUID schoolId;
    public final String uai;
    public final UUID classId;
    public final UUID groupId;
    public final UUID mathsId;
    public final UUID historyId;
    public final CurrentUser mathsTeacher;
    public final CurrentUser historyTeacher;
    public final CurrentUser pupil;
    public final CurrentUser otherPupil;
    public final CurrentUser parent;
    public final CurrentUser head;
    public final String suffix;

    private TestSchool(JdbcClient jdbc) {
        var random = ThreadLocalRandom.current();
        suffix = Long.toString(Math.abs(random.nextLong()), 36);
        uai = String.format("%07d%c", random.nextInt(10_000_000), (char) ('A' + random.nextInt(26)));
        schoolId = Ids.newId();
        jdbc.sql("insert into school (id, uai, name, city) values (?, ?, ?, ?)")
                .params(schoolId, uai, "Collège Test " + suffix, "Toulouse")
                .update();
        classId = Ids.newId();
        jdbc.sql("insert into school_class (school_id, id, code, name, level, school_year) values (?,?,?,?,?,?)")
                .params(schoolId, classId, "3B", "3e B", "3EME", "2026-2027")
                .update();
        groupId = Ids.newId();
        jdbc.sql("insert into teaching_group (school_id, id, code, name, school_year) values (?,?,?,?,?)")
                .params(schoolId, groupId, "ESP3", "Espagnol LV2 3e", "2026-2027")
                .update();
        mathsId = subject(jdbc, "MATHS", "Mathématiques");
        historyId = subject(jdbc, "HG", "Histoire-Géographie");
        mathsTeacher = account(jdbc, Profile.TEACHER, "prof.maths", "Ada", "Lovelace");
        historyTeacher = account(jdbc, Profile.TEACHER, "prof.hist", "Marc", "Bloch");
        pupil = account(jdbc, Profile.PUPIL, "eleve", "Louise", "Martin");
        otherPupil = account(jdbc, Profile.PUPIL, "eleve2", "Hugo", "Bernard");
        parent = account(jdbc, Profile.PARENT, "parent", "Claire", "Martin");
        head = account(jdbc, Profile.STAFF, "direction", "Jean", "Zay");
        member(jdbc, mathsTeacher, "TEACHER", null);
        member(jdbc, historyTeacher, "TEACHER", null);
        member(jdbc, pupil, "PUPIL", null);
        member(jdbc, otherPupil, "PUPIL", null);
        member(jdbc, parent, "PARENT", null);
        member(jdbc, head, "STAFF", "DIRECTION");
        for (var p : List.of(pupil, otherPupil)) {
            jdbc.sql("insert into class_enrolment (school_id, class_id, pupil_id) values (?,?,?)")
                    .params(schoolId, classId, p.accountId())
                    .update();
        }
        jdbc.sql("insert into group_enrolment (school_id, group_id, pupil_id) values (?,?,?)")
                .params(schoolId, groupId, pupil.accountId())
                .update();
        jdbc.sql("insert into parent_link (parent_id, child_id, relation) values (?,?,?)")
                .params(parent.accountId(), pupil.accountId(), "MERE")
                .update();
        jdbc.sql("insert into teaching_assignment (school_id, id, teacher_id, class_id, subject_id) values (?,?,?,?,?)")
                .params(schoolId, Ids.newId(), mathsTeacher.accountId(), classId, mathsId)
                .update();
        jdbc.sql("insert into teaching_assignment (school_id, id, teacher_id, group_id, subject_id) values (?,?,?,?,?)")
                .params(schoolId, Ids.newId(), historyTeacher.accountId(), groupId, historyId)
                .update();
        // Timetable: maths for the class Monday-Friday 08:00, history for the group Monday-Friday 10:00.
        for (int day = 1; day <= 5; day++) {
            slot(jdbc, classId, null, mathsId, mathsTeacher.accountId(), day, LocalTime.of(8, 0), "B12");
            slot(jdbc, null, groupId, historyId, historyTeacher.accountId(), day, LocalTime.of(10, 0), "C03");
        }
    }

    /** Creates a fresh school with its people. */
    public static TestSchool create(JdbcClient jdbc) {
        return new TestSchool(jdbc);
    }

    /** Every account of this school. */
    public List<CurrentUser> everyone() {
        return new ArrayList<>(List.of(mathsTeacher, historyTeacher, pupil, otherPupil, parent, head));
    }

    /** For MockMvc: perform the request signed in as {@code user} (no password involved). */
    public static RequestPostProcessor as(CurrentUser user) {
        var auth = new UsernamePasswordAuthenticationToken(
                user,
                null,
                List.of(new SimpleGrantedAuthority("ROLE_" + user.profile().name())));
        return org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .authentication(auth);
    }

    private UUID subject(JdbcClient jdbc, String code, String label) {
        UUID id = Ids.newId();
        jdbc.sql("insert into subject (school_id, id, code, label) values (?,?,?,?)")
                .params(schoolId, id, code, label)
                .update();
        return id;
    }

    private CurrentUser account(JdbcClient jdbc, Profile profile, String loginPrefix, String given, String family) {
        UUID id = Ids.newId();
        String login = loginPrefix + "." + suffix;
        jdbc.sql("""
                        insert into account (id, login, display_name, given_name, family_name, profile, status, external_id)
                        values (?, ?, ?, ?, ?, ?, 'ACTIVE', ?)""")
                .params(id, login, given + " " + family, given, family, profile.name(), "test-" + login)
                .update();
        return new CurrentUser(id, login, given + " " + family, profile);
    }

    private void member(JdbcClient jdbc, CurrentUser user, String role, String function) {
        jdbc.sql("insert into school_member (school_id, account_id, role, function, school_year) values (?,?,?,?,?)")
                .params(schoolId, user.accountId(), role, function, "2026-2027")
                .update();
    }

    private void slot(
            JdbcClient jdbc,
            UUID classId,
            UUID groupId,
            UUID subjectId,
            UUID teacherId,
            int day,
            LocalTime start,
            String room) {
        jdbc.sql("""
                        insert into timetable_slot (school_id, id, class_id, group_id, subject_id, teacher_id, weekday, starts_at, ends_at, room)
                        values (?,?,?,?,?,?,?,?,?,?)""")
                .params(
                        schoolId,
                        Ids.newId(),
                        classId,
                        groupId,
                        subjectId,
                        teacherId,
                        day,
                        start,
                        start.plusMinutes(55),
                        room)
                .update();
    }
}
