package org.preau.homework.internal.today;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.Directory;
import org.preau.directory.PupilPlacement;
import org.preau.directory.SchoolCalendar;
import org.preau.directory.Subject;
import org.preau.directory.TeachingAssignment;
import org.preau.directory.TimetableSlot;
import org.preau.homework.internal.Access;
import org.preau.homework.internal.entries.Entry;
import org.preau.homework.internal.entries.EntryRepository;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.homework.internal.handins.Handin;
import org.preau.homework.internal.handins.HandinRepository;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * "Aujourd'hui", the hot path. For a pupil (or a parent looking at a child): the directory's placement and
 * timetable (cached by the directory), the audiences' days from {@link TodayCache} (no query when warm), and one
 * query for the pupil's own ticks and hand-in statuses. The number of queries does not grow with subjects or works.
 *
 * <p>Any school day can be looked at ({@code /?jour=2026-12-03}); today's page also has "En retard / à rendre": work
 * of the last {@link TodayCache#OPEN_WORK_SCHOOL_DAYS} school days that the pupil has not handed in (or, without a
 * hand-in, not ticked as done), and work the teacher reopened or gave them more time for, until it is handed in. Its
 * candidates come from the per-audience open-work cache, and the pupil's states from the same one personal query.
 */
@Service
public class TodayService {

    private final Directory directory;
    private final Access access;
    private final TodayCache cache;
    private final HandinRepository handins;
    private final EntryRepository entries;
    private final SchoolCalendar calendar;
    private final Clock clock;
    /** Subject labels per school: read on every page, changed once a year. */
    /** Parents' children's names for the switcher (the placement carries no name). */
    private final Cache<UUID, Map<UUID, String>> childNames = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    private final Cache<UUID, Map<UUID, String>> subjects = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    private final org.preau.homework.LiveLessons live;

    TodayService(
            Directory directory,
            Access access,
            TodayCache cache,
            HandinRepository handins,
            EntryRepository entries,
            SchoolCalendar calendar,
            Clock clock,
            org.springframework.beans.factory.ObjectProvider<org.preau.homework.LiveLessons> live) {
        this.live = live.getIfAvailable(() -> org.preau.homework.LiveLessons.NONE);
        this.directory = directory;
        this.access = access;
        this.cache = cache;
        this.handins = handins;
        this.entries = entries;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** A pupil's day, seen by the pupil or by a parent (then {@code childId} picks the child). */
    public PupilDay pupilDay(CurrentUser user, Optional<UUID> childId, LocalDate day) {
        List<PupilPlacement> children = List.of();
        PupilPlacement pupil;
        if (user.is(Profile.PARENT)) {
            children = directory.childrenOf(user.accountId());
            pupil = children.stream()
                    .filter(c -> childId.isEmpty() || c.pupilId().equals(childId.get()))
                    .findFirst()
                    .orElseThrow(Problem::forbidden);
        } else {
            pupil = access.pupilView(user, childId);
        }
        UUID schoolId = pupil.school().id();
        List<Audience> audiences = pupil.audiences();
        Instant now = clock.instant();
        Map<UUID, String> audienceNames = new LinkedHashMap<>();
        audiences.forEach(a -> audienceNames.put(a.id(), a.name()));

        LocalDate today = EntryService.today(clock);
        boolean isToday = day.equals(today);
        LocalDate since = isToday ? lookBackStart(schoolId, today) : today;

        List<Entry> dayEntries = new ArrayList<>();
        List<Work> due = new ArrayList<>();
        List<Work> open = new ArrayList<>();
        for (Audience audience : audiences) {
            var audienceDay = cache.get(schoolId, audience.id(), day);
            audienceDay.entries().stream().filter(e -> e.publishedAt(now)).forEach(dayEntries::add);
            audienceDay.due().stream().filter(w -> w.publishedAt(now)).forEach(due::add);
            if (isToday) {
                cache.openWork(schoolId, audience.id(), since, today).stream()
                        .filter(w -> w.publishedAt(now))
                        .forEach(open::add);
            }
        }
        Set<UUID> workIds = new HashSet<>();
        due.forEach(w -> workIds.add(w.id()));
        open.forEach(w -> workIds.add(w.id()));
        dayEntries.forEach(e -> e.works().forEach(w -> workIds.add(w.id())));
        Map<UUID, HandinRepository.Personal> personal = handins.personal(schoolId, pupil.pupilId(), workIds);
        Map<UUID, String> labels = labels(schoolId);

        // "En retard / à rendre": today only, since it says where things stand now.
        List<LateItem> late = new ArrayList<>();
        Set<UUID> inLate = new HashSet<>();
        if (isToday) {
            var candidates = new ArrayList<Work>(open);
            candidates.addAll(due);
            candidates.stream()
                    .sorted(Comparator.comparing(Work::deadline).thenComparing(Work::position))
                    .forEach(w -> {
                        var state = personal.getOrDefault(w.id(), HandinRepository.Personal.NONE);
                        lateness(w, state, now, today).ifPresent(reason -> {
                            if (inLate.add(w.id())) {
                                late.add(new LateItem(
                                        new Item(w, labels.getOrDefault(w.subjectId(), "?"), state),
                                        reason,
                                        state.extendedUntil()));
                            }
                        });
                    });
        }

        List<TimetableSlot> slots =
                audiences.isEmpty() ? List.of() : directory.timetableOn(schoolId, audienceNames.keySet(), day);
        List<Lesson> lessons = lessons(slots, dayEntries, labels, audienceNames, day);

        List<Item> dueToday = new ArrayList<>();
        List<Item> tomorrow = new ArrayList<>();
        Map<LocalDate, Map<String, List<Item>>> week = new TreeMap<>();
        due.stream()
                .filter(w -> !inLate.contains(w.id()))
                .sorted(Comparator.comparing(Work::deadline).thenComparing(Work::position))
                .forEach(w -> {
                    var item = new Item(
                            w,
                            labels.getOrDefault(w.subjectId(), "?"),
                            personal.getOrDefault(w.id(), HandinRepository.Personal.NONE));
                    if (w.dueDate().equals(day)) {
                        dueToday.add(item);
                    } else if (w.dueDate().equals(day.plusDays(1))) {
                        tomorrow.add(item);
                    } else {
                        week.computeIfAbsent(w.dueDate(), d -> new TreeMap<>())
                                .computeIfAbsent(item.subject(), s -> new ArrayList<>())
                                .add(item);
                    }
                });
        List<PupilPlacement> siblings = children;
        Map<UUID, String> names =
                siblings.isEmpty() ? Map.of() : childNames.get(user.accountId(), id -> namesOf(siblings));
        return new PupilDay(
                pupil,
                children,
                names,
                user.is(Profile.PARENT),
                day,
                navigation(schoolId, day, today),
                late,
                lessons,
                dueToday,
                tomorrow,
                week,
                personal,
                labels,
                now);
    }

    /**
     * Where a pupil stands with a work now, if it belongs in "En retard / à rendre": reopened by the teacher, given
     * more time, past its (personal) deadline and not handed in, or, without a hand-in, past its day and not ticked.
     */
    static Optional<Lateness> lateness(Work work, HandinRepository.Personal state, Instant now, LocalDate today) {
        if (state.handedIn()) {
            return Optional.empty();
        }
        if (work.handinExpected()) {
            if (state.handin().filter(Handin.Status.REOPENED::equals).isPresent()) {
                return Optional.of(Lateness.REOPENED);
            }
            Instant deadline = state.extendedUntil().orElse(work.deadline());
            if (now.isBefore(deadline)) {
                return state.extendedUntil().isPresent() ? Optional.of(Lateness.EXTENDED) : Optional.empty();
            }
            Optional<Instant> cutoff = state.extendedUntil().isPresent() ? state.extendedUntil() : work.hardCutoff();
            return Optional.of(cutoff.filter(now::isAfter).isPresent() ? Lateness.CLOSED : Lateness.MISSING);
        }
        return work.dueDate().isBefore(today) && !state.done() ? Optional.of(Lateness.NOT_DONE) : Optional.empty();
    }

    /** The first day of the look-back: {@link TodayCache#OPEN_WORK_SCHOOL_DAYS} school days before today. */
    LocalDate lookBackStart(UUID schoolId, LocalDate today) {
        LocalDate d = today;
        LocalDate floor = today.minusDays(70); // holidays never make it unbounded
        for (int i = 0; i < TodayCache.OPEN_WORK_SCHOOL_DAYS && d.isAfter(floor); i++) {
            d = calendar.schoolDayOnOrBefore(schoolId, d.minusDays(1));
        }
        return d.isBefore(floor) ? floor : d;
    }

    /** Previous and next school days and weeks around {@code day}, after the school's calendar. */
    Navigation navigation(UUID schoolId, LocalDate day, LocalDate today) {
        LocalDate weekLater = day.plusDays(7);
        return new Navigation(
                calendar.schoolDayOnOrBefore(schoolId, day.minusDays(1)),
                calendar.nextSchoolDay(schoolId, day),
                calendar.schoolDayOnOrBefore(schoolId, day.minusDays(7)),
                calendar.isSchoolDay(schoolId, weekLater) ? weekLater : calendar.nextSchoolDay(schoolId, weekLater),
                today);
    }

    /**
     * Which pupil's day {@code user} would see (themself, or a parent's chosen child), without building it: for the
     * page cache's key. Empty when there is none to show.
     */
    Optional<PupilPlacement> shownPupil(CurrentUser user, Optional<UUID> childId) {
        if (user.is(Profile.PARENT)) {
            return directory.childrenOf(user.accountId()).stream()
                    .filter(c -> childId.isEmpty() || c.pupilId().equals(childId.get()))
                    .findFirst();
        }
        if (user.is(Profile.PUPIL)
                && childId.filter(id -> !id.equals(user.accountId())).isEmpty()) {
            return directory.placementOf(user.accountId());
        }
        return Optional.empty();
    }

    /**
     * Until when a page built now for this pupil and day shows what it would show if built again: the next moment an
     * entry or a work of their audiences is published, a deadline passes (late flags, and on today's page work
     * entering "En retard / à rendre": the due time, a hard cut-off, the pupil's own extended deadline), or today ends
     * (whatever day is looked at: the page marks today and the late section counts from it); at most
     * {@link #PAGE_FRESHNESS} (the kept pages' own lifetime; a directory change makes a new key through its version,
     * ADR 0066). What changes by someone's action (a teacher reopening
     * or extending, the pupil's own tick) changes a version in the page's key instead.
     */
    Instant pageValidUntil(PupilPlacement pupil, LocalDate day, Instant now) {
        Instant until = now.plus(PAGE_FRESHNESS);
        LocalDate today = EntryService.today(clock);
        Instant midnight = today.plusDays(1)
                .atStartOfDay(org.preau.platform.SchoolTime.ZONE)
                .toInstant();
        if (midnight.isBefore(until)) {
            until = midnight;
        }
        UUID schoolId = pupil.school().id();
        List<Work> open = new ArrayList<>();
        if (day.equals(today)) {
            LocalDate since = lookBackStart(schoolId, today);
            for (Audience audience : pupil.audiences()) {
                open.addAll(cache.openWork(schoolId, audience.id(), since, today));
            }
        }
        for (Work w : open) {
            until = earliestAfter(now, until, w.publishAt());
            until = earliestAfter(now, until, w.deadline());
            if (w.hardCutoff().isPresent()) {
                until = earliestAfter(now, until, w.hardCutoff().get());
            }
        }
        List<UUID> workIds = new ArrayList<>(open.stream().map(Work::id).toList());
        for (Audience audience : pupil.audiences()) {
            var audienceDay = cache.get(schoolId, audience.id(), day);
            audienceDay.due().forEach(w -> workIds.add(w.id()));
            for (Entry e : audienceDay.entries()) {
                until = earliestAfter(now, until, e.publishAt());
                for (Work w : e.works()) {
                    until = earliestAfter(now, until, w.deadline());
                }
            }
            for (Work w : audienceDay.due()) {
                until = earliestAfter(now, until, w.publishAt());
                until = earliestAfter(now, until, w.deadline());
                if (w.hardCutoff().isPresent()) {
                    until = earliestAfter(now, until, w.hardCutoff().get());
                }
            }
        }
        // A pupil given more time: their own deadline passing moves the work from "more time" to "late".
        for (var state : handins.personal(schoolId, pupil.pupilId(), workIds).values()) {
            if (state.extendedUntil().isPresent()) {
                until = earliestAfter(now, until, state.extendedUntil().get());
            }
        }
        return until;
    }

    static final java.time.Duration PAGE_FRESHNESS = java.time.Duration.ofMinutes(10);

    private static Instant earliestAfter(Instant now, Instant current, Instant candidate) {
        return candidate.isAfter(now) && candidate.isBefore(current) ? candidate : current;
    }

    /** Whether a pupil is enrolled somewhere yet: a new account may exist before its class is imported. */
    boolean isPlaced(CurrentUser user) {
        return directory.placementOf(user.accountId()).isPresent();
    }

    boolean hasChildren(CurrentUser user) {
        return !directory.childrenOf(user.accountId()).isEmpty();
    }

    /** A teacher's day: their lessons from the timetable and the entries they wrote for today. */
    public TeacherDay teacherDay(CurrentUser user, LocalDate day) {
        if (!user.is(Profile.TEACHER)) {
            throw Problem.forbidden();
        }
        List<TeachingAssignment> assignments = directory.assignmentsOf(user.accountId());
        Map<UUID, List<UUID>> audiencesBySchool = new LinkedHashMap<>();
        Map<UUID, String> audienceNames = new LinkedHashMap<>();
        for (var a : assignments) {
            audiencesBySchool
                    .computeIfAbsent(a.schoolId(), s -> new ArrayList<>())
                    .add(a.audience().id());
            audienceNames.put(a.audience().id(), a.audience().name());
        }
        List<TimetableSlot> mine = new ArrayList<>();
        audiencesBySchool.forEach((school, ids) -> directory.timetableOn(school, ids, day).stream()
                .filter(s -> s.teacherId().map(user.accountId()::equals).orElse(false))
                .forEach(mine::add));
        mine.sort(Comparator.comparing(TimetableSlot::startsAt));
        List<Entry> written = entries.entriesByAuthor(user.accountId(), day, day);
        Map<UUID, String> labels = new LinkedHashMap<>();
        assignments.forEach(a -> labels.put(a.subject().id(), a.subject().label()));
        LocalDate today = EntryService.today(clock);
        Navigation nav = assignments.isEmpty()
                ? new Navigation(day.minusDays(1), day.plusDays(1), day.minusDays(7), day.plusDays(7), today)
                : navigation(assignments.getFirst().schoolId(), day, today);
        return new TeacherDay(day, nav, lessons(mine, written, labels, audienceNames, day), assignments);
    }

    /** Ticks a work as done (or not) for the pupil themself; parents and others may not. */
    @Transactional
    public void markDone(CurrentUser user, UUID workId, boolean done) {
        if (!user.is(Profile.PUPIL)) {
            throw Problem.forbidden();
        }
        PupilPlacement pupil = access.pupilView(user, Optional.empty());
        Work work = entries.findWork(workId).orElseThrow(Problem::notFound);
        if (!Access.hasAudience(pupil, work.audienceId()) || !work.publishedAt(clock.instant())) {
            throw Problem.notFound();
        }
        handins.markDone(work.schoolId(), user.accountId(), workId, done, clock.instant());
    }

    private Map<UUID, String> namesOf(List<PupilPlacement> children) {
        Map<UUID, String> out = new LinkedHashMap<>();
        for (var c : children) {
            UUID audience =
                    c.audiences().isEmpty() ? null : c.audiences().getFirst().id();
            String name = audience == null
                    ? ""
                    : directory.pupilsOf(c.school().id(), audience).stream()
                            .filter(p -> p.accountId().equals(c.pupilId()))
                            .map(org.preau.directory.Person::displayName)
                            .findFirst()
                            .orElse("");
            out.put(c.pupilId(), name);
        }
        return Map.copyOf(out);
    }

    public Map<UUID, String> labels(UUID schoolId) {
        return subjects.get(schoolId, id -> {
            Map<UUID, String> m = new LinkedHashMap<>();
            for (Subject s : directory.subjects(id)) {
                m.put(s.id(), s.label());
            }
            return Map.copyOf(m);
        });
    }

    private List<Lesson> lessons(
            List<TimetableSlot> slots,
            List<Entry> dayEntries,
            Map<UUID, String> labels,
            Map<UUID, String> names,
            LocalDate day) {
        List<Lesson> out = new ArrayList<>();
        Set<UUID> shown = new HashSet<>();
        for (var slot : slots) {
            var matching = dayEntries.stream()
                    .filter(e -> e.audienceId().equals(slot.audience().id())
                            && e.subjectId().equals(slot.subject().id()))
                    .filter(e -> !shown.contains(e.id()))
                    .toList();
            matching.forEach(e -> shown.add(e.id()));
            out.add(new Lesson(
                    Optional.of(slot),
                    slot.subject().label(),
                    slot.audience().id(),
                    slot.subject().id(),
                    names.getOrDefault(slot.audience().id(), slot.audience().name()),
                    matching,
                    live.liveRoom(slot.schoolId(), slot.id(), day),
                    live.teacherRoom(slot.schoolId(), slot.id(), day)));
        }
        // Entries of the day that match no timetable slot (a replacement lesson...) are shown too.
        for (var e : dayEntries) {
            if (!shown.contains(e.id())) {
                out.add(new Lesson(
                        Optional.empty(),
                        labels.getOrDefault(e.subjectId(), "?"),
                        e.audienceId(),
                        e.subjectId(),
                        names.getOrDefault(e.audienceId(), ""),
                        List.of(e),
                        Optional.empty(),
                        Optional.empty()));
            }
        }
        return out;
    }

    /**
     * A lesson of the day: from the timetable when there is a slot, with the entries written for it, and its live
     * room ({@link org.preau.homework.LiveLessons}): {@code live} while it is open, {@code room} for its teachers.
     */
    public record Lesson(
            Optional<TimetableSlot> slot,
            String subject,
            UUID audienceId,
            UUID subjectId,
            String audienceName,
            List<Entry> entries,
            Optional<String> live,
            Optional<String> room) {}

    /** A work as a pupil sees it: with the subject's label and their own state. */
    public record Item(Work work, String subject, HandinRepository.Personal personal) {}

    /** Why a work is in "En retard / à rendre". */
    public enum Lateness {
        /** Due, expected as a hand-in, not handed in; still accepted (marked late). */
        MISSING,
        /** As MISSING, but past the last moment a hand-in is accepted. */
        CLOSED,
        /** The teacher gave this pupil more time: until {@link LateItem#until()}. */
        EXTENDED,
        /** The teacher reopened the hand-in: to hand in again. */
        REOPENED,
        /** Without a hand-in: its day has passed and the pupil has not ticked it as done. */
        NOT_DONE
    }

    /** A work of "En retard / à rendre", with why it is there. */
    public record LateItem(Item item, Lateness reason, Optional<Instant> until) {}

    /** Links to other days, school days only. */
    public record Navigation(
            LocalDate previousDay, LocalDate nextDay, LocalDate previousWeek, LocalDate nextWeek, LocalDate today) {}

    /** The pupil's page. {@code children} is non-empty for parents (the child switcher). */
    public record PupilDay(
            PupilPlacement pupil,
            List<PupilPlacement> children,
            Map<UUID, String> childNames,
            boolean readOnly,
            LocalDate day,
            Navigation navigation,
            List<LateItem> late,
            List<Lesson> lessons,
            List<Item> dueToday,
            List<Item> dueTomorrow,
            Map<LocalDate, Map<String, List<Item>>> week,
            Map<UUID, HandinRepository.Personal> personal,
            Map<UUID, String> subjectLabels,
            Instant generatedAt) {

        public HandinRepository.Personal personalOf(UUID workId) {
            return personal.getOrDefault(workId, HandinRepository.Personal.NONE);
        }

        /** Whether this is today's page (it then has "En retard / à rendre"). */
        public boolean isToday() {
            return day.equals(navigation.today());
        }

        /** How many school weeks "En retard / à rendre" looks back, as the page states it. */
        public int lookBackWeeks() {
            return TodayCache.OPEN_WORK_SCHOOL_DAYS / 5;
        }
    }

    /** A teacher's page. */
    public record TeacherDay(
            LocalDate day, Navigation navigation, List<Lesson> lessons, List<TeachingAssignment> assignments) {

        public boolean isToday() {
            return day.equals(navigation.today());
        }
    }
}
