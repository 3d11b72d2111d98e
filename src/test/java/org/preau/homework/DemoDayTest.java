package org.preau.homework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.preau.directory.Directory;
import org.preau.directory.SchoolCalendar;
import org.preau.directory.TeachingAssignment;
import org.preau.identity.Accounts;
import org.preau.platform.SchoolTime;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The test context starts in demo mode on an empty database: the demo teacher's "day of homework" is then posted. It
 * must read like a real day: the last school day, an entry for each of their lessons, several with work due on
 * later school days, one with an attachment.
 */
@PreauIntegrationTest
class DemoDayTest {

    @Autowired
    Accounts accounts;

    @Autowired
    Directory directory;

    @Autowired
    SchoolCalendar calendar;

    @Autowired
    JdbcClient jdbc;

    record Row(UUID id, UUID audience, UUID subject, LocalDate day) {}

    @Test
    void theDemoTeachersLastSchoolDayHasAnEntryPerLessonWithWorkAndAnAttachment() {
        UUID teacher = accounts.findByLogin("enseignant").orElseThrow().id();
        List<TeachingAssignment> assignments = directory.assignmentsOf(teacher);
        UUID school = assignments.getFirst().schoolId();
        var entries = jdbc.sql(
                        "select id, audience_id, subject_id, lesson_date from homework_entry where author_id = ?")
                .param(teacher)
                .query((rs, n) -> new Row(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class),
                        rs.getObject(4, LocalDate.class)))
                .list();

        // One day: the last school day (today on a school day), never a weekend or a holiday.
        assertThat(entries).extracting(Row::day).containsOnly(entries.getFirst().day());
        LocalDate day = entries.getFirst().day();
        LocalDate today = LocalDate.now(SchoolTime.ZONE);
        assertThat(day).isEqualTo(calendar.schoolDayOnOrBefore(school, today));
        assertThat(calendar.isSchoolDay(school, day)).isTrue();

        // Each of the teacher's lessons that day has its entry, and nothing else has one.
        var audiences = assignments.stream().map(a -> a.audience().id()).toList();
        Set<String> lessons = new HashSet<>();
        directory.timetableOn(school, audiences, day).stream()
                .filter(s -> s.teacherId().map(teacher::equals).orElse(false))
                .forEach(s -> lessons.add(s.audience().id() + "/" + s.subject().id()));
        // A generated Wednesday is a morning: the busiest of the pupil's teachers then has two lessons (this test,
        // asking for three, failed on the first Wednesday it ran on, 2026-12-02). Any other school day has more.
        assertThat(lessons).hasSizeGreaterThanOrEqualTo(day.getDayOfWeek() == java.time.DayOfWeek.WEDNESDAY ? 2 : 3);
        assertThat(entries)
                .extracting(e -> e.audience() + "/" + e.subject())
                .containsExactlyInAnyOrderElementsOf(lessons);

        // Several with work, due on later school days; one with a file attached.
        var works = jdbc.sql("select entry_id, due_date from homework_work where entry_id in (:ids)")
                .param("ids", entries.stream().map(Row::id).toList())
                .query((rs, n) -> new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, LocalDate.class)})
                .list();
        assertThat(works.stream().map(w -> w[0]).distinct().count()).isGreaterThanOrEqualTo(2);
        assertThat(works).allSatisfy(w -> {
            LocalDate due = (LocalDate) w[1];
            assertThat(due).isAfter(day);
            assertThat(calendar.isSchoolDay(school, due)).as("due %s", due).isTrue();
        });
        assertThat(jdbc.sql("""
                        select count(*) from homework_file f join homework_work w on w.id = f.owner_id
                        where f.owner_kind = 'WORK' and w.entry_id in (:ids)""")
                        .param("ids", entries.stream().map(Row::id).toList())
                        .query(Integer.class)
                        .single())
                .isGreaterThanOrEqualTo(1);
    }
}
