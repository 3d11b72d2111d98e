package org.preau.directory.internal.generator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A generated district, in memory: what the writers turn into import files. Everything is derived from the seed,
 * so the same seed always gives the same district, byte for byte once written.
 */
record District(
        long seed,
        List<School> schools,
        List<Subject> subjects,
        List<Person> parents,
        List<Person> staff,
        List<Person> teachers,
        List<Person> pupils) {

    record School(
            int index,
            String key,
            String uai,
            String name,
            String city,
            List<Audience> classes,
            List<Audience> groups,
            List<Lesson> lessons) {}

    record Subject(String code, String label) {}

    /** A class or group; {@code level} is the MEF-like level code of a class (6EME...). */
    record Audience(String code, String name, String level, boolean group) {}

    /** A teacher teaches {@code subject} to {@code audience}. */
    record Teaching(String audience, boolean group, String subject) {}

    record Lesson(
            String audience,
            String subject,
            String teacher,
            int weekday,
            LocalTime start,
            LocalTime end,
            String room) {}

    enum Kind {
        PUPIL,
        PARENT,
        TEACHER,
        STAFF
    }

    /**
     * Anybody. {@code school} is the home school (-1 for parents); {@code function} a staff function code of the
     * feed (DIR, EDU, DOC, ADM); {@code parents} the external ids of a pupil's parents.
     */
    record Person(
            String id,
            Kind kind,
            String givenName,
            String familyName,
            LocalDate birthDate,
            int school,
            String function,
            String classCode,
            List<String> groups,
            List<String> parents,
            List<Teaching> teaches) {}

    int accountCount() {
        return parents.size() + staff.size() + teachers.size() + pupils.size();
    }
}
