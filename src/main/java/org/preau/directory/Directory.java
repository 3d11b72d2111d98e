package org.preau.directory;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Read access to the directory, for the other modules. These are facts, not rights: callers combine them with the
 * signed-in user to decide what may be seen (e.g. a parent sees a pupil only if {@link #isParentOf}).
 * Implementations cache what is read on every page (placements, assignments) and keep the number of queries per
 * call fixed.
 */
public interface Directory {

    Optional<School> school(UUID schoolId);

    List<School> schools();

    /** The schools an account belongs to, with its role in each. */
    List<Membership> membershipsOf(UUID accountId);

    boolean isMemberOf(UUID accountId, UUID schoolId);

    /** A pupil's school, class and groups; empty if the account is not an enrolled pupil. */
    Optional<PupilPlacement> placementOf(UUID pupilId);

    /** A parent's children, each with their placement (children may be in different schools). */
    List<PupilPlacement> childrenOf(UUID parentId);

    boolean isParentOf(UUID parentId, UUID childId);

    /** What a teacher teaches, to whom, in every school they serve. */
    List<TeachingAssignment> assignmentsOf(UUID teacherId);

    /** Whether the teacher teaches this subject to this class or group. */
    boolean teaches(UUID teacherId, UUID audienceId, UUID subjectId);

    List<SchoolClass> classes(UUID schoolId);

    List<TeachingGroup> groups(UUID schoolId);

    List<Subject> subjects(UUID schoolId);

    /** Pupils of a class or group (by audience id), sorted by name. */
    List<Person> pupilsOf(UUID schoolId, UUID audienceId);

    /** Parents of a pupil. */
    List<Person> parentsOf(UUID pupilId);

    /** The parents of every pupil of a class or group (by audience id), by pupil id, in one read. */
    Map<UUID, List<Person>> parentsOfPupilsOf(UUID schoolId, UUID audienceId);

    /** Teachers of a class or group (by audience id), sorted by name. */
    List<Person> teachersOf(UUID schoolId, UUID audienceId);

    /**
     * The person, if they belong to the school: a member, or a parent of one of its pupils. Services use it to check
     * that an account they act on is of the school.
     */
    Optional<Person> personOf(UUID schoolId, UUID accountId);

    /** People of one school whose name or login contains {@code query}, at most {@code limit}, sorted by name. */
    List<Person> searchPeople(UUID schoolId, String query, int limit);

    /**
     * One page of {@link #searchPeople}: the people sorted after {@code after} (an account id of the previous page's
     * last row), for pagination by key. Accents and case are ignored.
     */
    List<Person> searchPeople(UUID schoolId, String query, Optional<UUID> after, int limit);

    /** A class of the school, if it exists there. */
    Optional<SchoolClass> schoolClass(UUID schoolId, UUID classId);

    /** The weekly timetable of these audiences on a weekday, by start time (holidays not considered). */
    List<TimetableSlot> timetable(UUID schoolId, Collection<UUID> audienceIds, DayOfWeek weekday);

    /**
     * The lessons of these audiences on a date, by start time: the weekday's timetable, and none on a school holiday
     * or public holiday of the school ({@link SchoolCalendar#isHoliday}). What "Aujourd'hui", due dates and feeds use.
     */
    List<TimetableSlot> timetableOn(UUID schoolId, Collection<UUID> audienceIds, LocalDate date);

    /** The whole weekly timetable of these audiences. */
    List<TimetableSlot> weeklyTimetable(UUID schoolId, Collection<UUID> audienceIds);

    /**
     * A number that changes whenever this node drops what it cached of the directory (an import, a change on any
     * node): pages cached from directory facts compare it to know they are still current.
     */
    long version();
}
