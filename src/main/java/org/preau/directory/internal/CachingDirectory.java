package org.preau.directory.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.preau.directory.Directory;
import org.preau.directory.Membership;
import org.preau.directory.Person;
import org.preau.directory.PupilPlacement;
import org.preau.directory.School;
import org.preau.directory.SchoolCalendar;
import org.preau.directory.SchoolClass;
import org.preau.directory.Subject;
import org.preau.directory.TeachingAssignment;
import org.preau.directory.TeachingGroup;
import org.preau.directory.TimetableSlot;
import org.springframework.stereotype.Service;

/**
 * {@link Directory} with the reads of every page (memberships, placements, children, assignments, timetables,
 * schools by id) held in bounded Caffeine caches. A miss costs one query (see {@link DirectoryQueries}); concurrent misses
 * of one key load once. Every node drops them when the directory changes ({@link DirectoryChangeRelay}, over the
 * cluster bus, which re-sends "everything changed" to every subscriber after it reconnects), so {@link #TTL} is only
 * the safety net for a lost signal. It was 2 minutes: on the surge morning every pupil who came back to "Aujourd'hui"
 * after more than 2 minutes paid a placement, memberships and timetable query again, which made the benchmark's
 * plain-loop cross-check, run a few minutes after the views phase, measure half the views per CPU-second (ADR 0066).
 * Lists of people are not cached: admin pages and searches read them fresh. Lessons on a date skip the school's
 * holidays through {@link SchoolCalendar}, itself answered from memory.
 */
@Service
class CachingDirectory implements Directory {

    static final Duration TTL = Duration.ofMinutes(30);
    private static final int PEOPLE = 100_000;
    private static final int SCHOOLS = 2_000;

    private final DirectoryQueries queries;
    private final NameIndex names;
    private final SchoolCalendar calendar;

    private final Cache<UUID, List<Membership>> memberships = cache(PEOPLE);
    private final Cache<UUID, Optional<PupilPlacement>> placements = cache(PEOPLE);
    private final Cache<UUID, List<PupilPlacement>> children = cache(PEOPLE);
    private final Cache<UUID, Set<UUID>> childIds = cache(PEOPLE);
    private final Cache<UUID, List<TeachingAssignment>> assignments = cache(PEOPLE);
    private final Cache<UUID, List<TimetableSlot>> timetables = cache(SCHOOLS);
    /** Schools that exist; an unknown id is not remembered (Caffeine stores no null). */
    private final Cache<UUID, School> schoolById = cache(SCHOOLS);

    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public long version() {
        return version.get();
    }

    CachingDirectory(DirectoryQueries queries, NameIndex names, SchoolCalendar calendar) {
        this.queries = queries;
        this.names = names;
        this.calendar = calendar;
    }

    private static <K, V> Cache<K, V> cache(int size) {
        return Caffeine.newBuilder().maximumSize(size).expireAfterWrite(TTL).build();
    }

    /** Forgets everything cached (a school changed: any person's placement may have moved). */
    void invalidateAll() {
        version.incrementAndGet();
        List.of(memberships, placements, children, childIds, assignments, timetables, schoolById)
                .forEach(Cache::invalidateAll);
    }

    @Override
    public Optional<School> school(UUID schoolId) {
        return Optional.ofNullable(
                schoolById.get(schoolId, id -> queries.school(id).orElse(null)));
    }

    /** Not cached: only the operator's school list reads it. */
    @Override
    public List<School> schools() {
        return queries.schools();
    }

    @Override
    public List<Membership> membershipsOf(UUID accountId) {
        return memberships.get(accountId, queries::membershipsOf);
    }

    @Override
    public boolean isMemberOf(UUID accountId, UUID schoolId) {
        return membershipsOf(accountId).stream().anyMatch(m -> m.school().id().equals(schoolId));
    }

    @Override
    public Optional<PupilPlacement> placementOf(UUID pupilId) {
        return placements.get(pupilId, queries::placementOf);
    }

    @Override
    public List<PupilPlacement> childrenOf(UUID parentId) {
        return children.get(parentId, queries::childrenOf);
    }

    @Override
    public boolean isParentOf(UUID parentId, UUID childId) {
        return childIds.get(parentId, queries::childIdsOf).contains(childId);
    }

    @Override
    public List<TeachingAssignment> assignmentsOf(UUID teacherId) {
        return assignments.get(teacherId, queries::assignmentsOf);
    }

    @Override
    public boolean teaches(UUID teacherId, UUID audienceId, UUID subjectId) {
        return assignmentsOf(teacherId).stream()
                .anyMatch(a ->
                        a.audience().id().equals(audienceId) && a.subject().id().equals(subjectId));
    }

    @Override
    public List<SchoolClass> classes(UUID schoolId) {
        return queries.classes(schoolId);
    }

    @Override
    public Optional<SchoolClass> schoolClass(UUID schoolId, UUID classId) {
        return queries.schoolClass(schoolId, classId);
    }

    @Override
    public List<TeachingGroup> groups(UUID schoolId) {
        return queries.groups(schoolId);
    }

    @Override
    public List<Subject> subjects(UUID schoolId) {
        return queries.subjects(schoolId);
    }

    @Override
    public List<Person> pupilsOf(UUID schoolId, UUID audienceId) {
        names.ensureSchool(schoolId);
        return queries.pupilsOf(schoolId, audienceId);
    }

    @Override
    public List<Person> teachersOf(UUID schoolId, UUID audienceId) {
        names.ensureSchool(schoolId);
        return queries.teachersOf(schoolId, audienceId);
    }

    @Override
    public List<Person> parentsOf(UUID pupilId) {
        names.ensure(queries.parentIdsOf(pupilId));
        return queries.parentsOf(pupilId);
    }

    @Override
    public Map<UUID, List<Person>> parentsOfPupilsOf(UUID schoolId, UUID audienceId) {
        names.ensureSchool(schoolId);
        return queries.parentsOfAudience(schoolId, audienceId);
    }

    @Override
    public Optional<Person> personOf(UUID schoolId, UUID accountId) {
        names.ensure(List.of(accountId));
        return queries.personOf(schoolId, accountId);
    }

    @Override
    public List<Person> searchPeople(UUID schoolId, String query, int limit) {
        return searchPeople(schoolId, query, Optional.empty(), limit);
    }

    @Override
    public List<Person> searchPeople(UUID schoolId, String query, Optional<UUID> after, int limit) {
        names.ensureSchool(schoolId);
        return queries.searchPeople(schoolId, query, after, limit);
    }

    @Override
    public List<TimetableSlot> timetableOn(UUID schoolId, Collection<UUID> audienceIds, LocalDate date) {
        return calendar.isHoliday(schoolId, date) ? List.of() : timetable(schoolId, audienceIds, date.getDayOfWeek());
    }

    @Override
    public List<TimetableSlot> timetable(UUID schoolId, Collection<UUID> audienceIds, DayOfWeek weekday) {
        return weeklyTimetable(schoolId, audienceIds).stream()
                .filter(s -> s.weekday() == weekday)
                .toList();
    }

    /** The whole school's week is cached once and shared by all its pupils and teachers, then filtered. */
    @Override
    public List<TimetableSlot> weeklyTimetable(UUID schoolId, Collection<UUID> audienceIds) {
        Set<UUID> wanted = Set.copyOf(audienceIds);
        return timetables.get(schoolId, queries::weeklyTimetable).stream()
                .filter(s -> wanted.contains(s.audience().id()))
                .toList();
    }
}
