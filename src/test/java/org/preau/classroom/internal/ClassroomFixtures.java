package org.preau.classroom.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.UUID;
import org.preau.directory.SchoolCalendar;
import org.preau.support.TestSchool;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Ids the classroom tests need from a {@link TestSchool}: its timetable slots, and a school day to hold them. */
final class ClassroomFixtures {

    private ClassroomFixtures() {}

    /** The maths slot of the school's class on the day's weekday (the class has maths every weekday at 08:00). */
    static UUID mathsSlot(JdbcClient jdbc, TestSchool school, LocalDate day) {
        return slot(jdbc, school, school.mathsId, day);
    }

    /** The history slot of the school's group (only the first pupil is in the group). */
    static UUID historySlot(JdbcClient jdbc, TestSchool school, LocalDate day) {
        return slot(jdbc, school, school.historyId, day);
    }

    private static UUID slot(JdbcClient jdbc, TestSchool school, UUID subjectId, LocalDate day) {
        return jdbc.sql("select id from timetable_slot where school_id = ? and subject_id = ? and weekday = ?")
                .params(school.schoolId, subjectId, day.getDayOfWeek().getValue())
                .query(UUID.class)
                .single();
    }

    /** A school day (a weekday out of the holidays) from today on, whatever day the tests run. */
    static LocalDate schoolDay(SchoolCalendar calendar, TestSchool school, LocalDate today) {
        LocalDate d = today;
        while (!calendar.isSchoolDay(school.schoolId, d) || d.getDayOfWeek() == DayOfWeek.SATURDAY) {
            d = calendar.nextSchoolDay(school.schoolId, d);
        }
        return d;
    }
}
