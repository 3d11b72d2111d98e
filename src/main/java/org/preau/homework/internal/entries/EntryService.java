package org.preau.homework.internal.entries;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Directory;
import org.preau.directory.TeachingAssignment;
import org.preau.directory.TimetableSlot;
import org.preau.homework.HomeworkChanged;
import org.preau.homework.WorkAssigned;
import org.preau.homework.internal.Access;
import org.preau.homework.internal.files.Attachments;
import org.preau.identity.CurrentUser;
import org.preau.platform.Ids;
import org.preau.platform.SchoolTime;
import org.preau.platform.text.RichText;
import org.preau.platform.web.Problem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writing and reading the cahier de textes. Teachers write only for an audience and subject they teach (asked of the
 * directory on every write); every save records a new version, never overwriting an old one; a change publishes
 * {@link HomeworkChanged} inside the transaction so caches drop the audience once it commits.
 */
@Service
public class EntryService {

    static final int MAX_WORKS = 10;
    static final int MAX_TEXT = 20_000;

    private final EntryRepository entries;
    private final Attachments attachments;
    private final Access access;
    private final Directory directory;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EntryService(
            EntryRepository entries,
            Attachments attachments,
            Access access,
            Directory directory,
            ApplicationEventPublisher events,
            Clock clock) {
        this.entries = entries;
        this.attachments = attachments;
        this.access = access;
        this.directory = directory;
        this.events = events;
        this.clock = clock;
    }

    /** The assignments a teacher may write for (their classes and groups × subjects). */
    List<TeachingAssignment> writableFor(CurrentUser user) {
        return directory.assignmentsOf(user.accountId());
    }

    @Transactional
    public Entry create(CurrentUser user, EntryDraft draft) {
        TeachingAssignment assignment = assignment(user, draft.audienceId(), draft.subjectId());
        Instant now = clock.instant();
        validate(draft);
        UUID entryId = Ids.newId();
        Instant publishAt = draft.publishAt().filter(p -> p.isAfter(now)).orElse(now);
        var entry = new Entry(
                assignment.schoolId(),
                entryId,
                draft.audienceId(),
                draft.subjectId(),
                draft.lessonDate(),
                RichText.render(draft.seance()),
                source(draft.seance()),
                user.accountId(),
                publishAt,
                1,
                now,
                user.accountId(),
                List.of());
        entries.insertEntry(entry, now);
        writeWorks(user, entry, draft.works(), List.of());
        entries.snapshot(entry.schoolId(), entryId, user.accountId(), now);
        events.publishEvent(new HomeworkChanged(entry.schoolId(), entry.audienceId(), entryId));
        return entries.findEntry(entryId).orElseThrow();
    }

    /**
     * Saves a new version. {@code expectedVersion} is the version the teacher edited: if someone saved in between,
     * the save is refused rather than silently overwriting their work.
     */
    @Transactional
    public Entry update(CurrentUser user, UUID entryId, int expectedVersion, EntryDraft draft) {
        Entry current = entries.findEntry(entryId).orElseThrow(Problem::notFound);
        access.requireTeaches(user, current.audienceId(), current.subjectId());
        validate(draft);
        Instant now = clock.instant();
        Instant publishAt = draft.publishAt()
                .filter(p -> p.isAfter(now))
                .orElse(current.publishAt().isAfter(now) ? now : current.publishAt());
        int updated = entries.updateEntry(
                current.schoolId(),
                entryId,
                expectedVersion,
                draft.lessonDate(),
                RichText.render(draft.seance()),
                source(draft.seance()),
                publishAt,
                now,
                user.accountId());
        if (updated == 0) {
            throw Problem.conflict("homework.entry.staleVersion");
        }
        var moved = new Entry(
                current.schoolId(),
                entryId,
                current.audienceId(),
                current.subjectId(),
                draft.lessonDate(),
                "",
                "",
                current.authorId(),
                publishAt,
                expectedVersion + 1,
                now,
                user.accountId(),
                List.of());
        writeWorks(user, moved, draft.works(), current.works());
        entries.snapshot(current.schoolId(), entryId, user.accountId(), now);
        events.publishEvent(new HomeworkChanged(current.schoolId(), current.audienceId(), entryId));
        return entries.findEntry(entryId).orElseThrow();
    }

    /**
     * Copies an entry (séance, works and their attachments, which share the stored bytes) to other audiences the same
     * teacher teaches in the same subject. Each copy is an entry of its own, with its own history.
     */
    @Transactional
    public List<Entry> copy(CurrentUser user, UUID entryId, List<UUID> audienceIds) {
        Entry source = read(user, entryId);
        access.requireTeaches(user, source.audienceId(), source.subjectId());
        var out = new ArrayList<Entry>();
        for (UUID audienceId : audienceIds) {
            if (audienceId.equals(source.audienceId())) {
                continue;
            }
            var works = source.works().stream()
                    .map(w -> new EntryDraft.WorkDraft(
                            Optional.empty(),
                            w.instructionsSource(),
                            Optional.of(w.dueDate()),
                            false,
                            w.dueTime(),
                            w.estimatedMinutes(),
                            w.handinExpected(),
                            w.hardCutoff(),
                            List.of()))
                    .toList();
            var draft = new EntryDraft(
                    audienceId,
                    source.subjectId(),
                    source.lessonDate(),
                    source.seanceSource(),
                    Optional.of(source.publishAt()),
                    works);
            Entry copy = create(user, draft);
            for (int i = 0; i < copy.works().size() && i < source.works().size(); i++) {
                UUID target = copy.works().get(i).id();
                source.works().get(i).files().forEach(f -> entries.copyFile(f.id(), target, user.accountId()));
            }
            out.add(entries.findEntry(copy.id()).orElseThrow());
        }
        return out;
    }

    /** One entry, if {@code user} may read it (unpublished entries only for teachers and staff). */
    public Entry read(CurrentUser user, UUID entryId) {
        Entry e = entries.findEntry(entryId).orElseThrow(Problem::notFound);
        if (!access.mayRead(user, e.schoolId(), e.audienceId())) {
            throw Problem.notFound();
        }
        if (!e.publishedAt(clock.instant()) && !access.seesUnpublished(user)) {
            throw Problem.notFound();
        }
        return e;
    }

    /** A teacher's own entries of the week starting {@code monday}. */
    public List<Entry> week(CurrentUser user, LocalDate monday) {
        if (!user.is(org.preau.identity.Profile.TEACHER)) {
            throw Problem.forbidden();
        }
        return entries.entriesByAuthor(user.accountId(), monday, monday.plusDays(6));
    }

    /** Every entry of a school in a week, for its staff. */
    List<Entry> schoolWeek(CurrentUser user, UUID schoolId, LocalDate monday) {
        access.requireReadsWholeSchool(user, schoolId);
        return entries.entriesOfSchool(schoolId, monday, monday.plusDays(6));
    }

    /** Every version of an entry, for staff of its school and for teachers of its audience. */
    public List<EntryRepository.Version> history(CurrentUser user, UUID entryId) {
        Entry e = entries.findEntry(entryId).orElseThrow(Problem::notFound);
        if (!access.readsWholeSchool(user, e.schoolId()) && !access.teachesAudience(user, e.audienceId())) {
            throw Problem.forbidden();
        }
        return entries.versions(e.schoolId(), entryId);
    }

    private TeachingAssignment assignment(CurrentUser user, UUID audienceId, UUID subjectId) {
        if (audienceId == null || subjectId == null) {
            throw Problem.invalid("audience", "homework.entry.audienceRequired");
        }
        access.requireTeaches(user, audienceId, subjectId);
        return directory.assignmentsOf(user.accountId()).stream()
                .filter(a ->
                        a.audience().id().equals(audienceId) && a.subject().id().equals(subjectId))
                .findFirst()
                .orElseThrow(Problem::forbidden);
    }

    private void validate(EntryDraft draft) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (draft.lessonDate() == null) {
            errors.put("lessonDate", "homework.entry.lessonDateRequired");
        }
        if (draft.seance() != null && draft.seance().length() > MAX_TEXT) {
            errors.put("seance", "homework.entry.tooLong");
        } else if (rendersToNothing(draft.seance())) {
            errors.put("seance", "homework.richtext.nothing");
        }
        var works = draft.works();
        if (works.size() > MAX_WORKS) {
            errors.put("works", "homework.work.tooMany");
        }
        boolean anyWork = false;
        for (int i = 0; i < works.size(); i++) {
            var w = works.get(i);
            if (w.instructions() == null || w.instructions().isBlank()) {
                continue;
            }
            anyWork = true;
            if (w.instructions().length() > MAX_TEXT) {
                errors.put("work" + i + "Instructions", "homework.entry.tooLong");
            } else if (rendersToNothing(w.instructions())) {
                errors.put("work" + i + "Instructions", "homework.richtext.nothing");
            }
            if (w.dueDate().isEmpty() && !w.dueAtNextLesson()) {
                errors.put("work" + i + "DueDate", "homework.work.dueRequired");
            } else if (draft.lessonDate() != null
                    && w.dueDate().isPresent()
                    && w.dueDate().get().isBefore(draft.lessonDate())) {
                errors.put("work" + i + "DueDate", "homework.work.dueBeforeLesson");
            }
            if (w.estimatedMinutes().isPresent()
                    && (w.estimatedMinutes().get() < 1 || w.estimatedMinutes().get() > 600)) {
                errors.put("work" + i + "Minutes", "homework.work.minutesRange");
            }
            if (w.hardCutoff().isPresent() && !w.handinExpected()) {
                errors.put("work" + i + "Cutoff", "homework.work.cutoffNeedsHandin");
            }
        }
        if (!anyWork && (draft.seance() == null || draft.seance().isBlank())) {
            errors.put("seance", "homework.entry.empty");
        }
        if (!errors.isEmpty()) {
            throw Problem.invalidKeys(errors);
        }
    }

    /** Text was typed, but nothing of it would show once rendered and sanitised (only forbidden markup). */
    private static boolean rendersToNothing(String source) {
        return source != null && !source.isBlank() && RichText.showsNothing(RichText.render(source));
    }

    /** The teacher's source as stored: trimmed, line endings made uniform. */
    private static String source(String typed) {
        return typed == null ? "" : typed.replace("\r\n", "\n").strip();
    }

    private void writeWorks(CurrentUser user, Entry entry, List<EntryDraft.WorkDraft> drafts, List<Work> existing) {
        Map<UUID, Work> byId = new LinkedHashMap<>();
        existing.forEach(w -> byId.put(w.id(), w));
        int position = 0;
        for (int i = 0; i < drafts.size(); i++) {
            var d = drafts.get(i);
            boolean blank = d.instructions() == null || d.instructions().isBlank();
            Optional<Work> old = d.id().map(byId::get);
            if (d.id().isPresent() && old.isEmpty()) {
                throw Problem.notFound();
            }
            if (blank) {
                old.ifPresent(w -> entries.removeWork(entry.schoolId(), w.id(), clock.instant()));
                continue;
            }
            LocalDate dueDate;
            Optional<LocalTime> dueTime;
            String field = "work" + i;
            if (d.dueAtNextLesson()) {
                var next = nextLesson(entry, d.dueDate().orElse(entry.lessonDate()))
                        .orElseThrow(() -> Problem.invalid(field + "DueDate", "homework.work.noNextLesson"));
                dueDate = next.date();
                dueTime = Optional.of(next.startsAt());
            } else {
                dueDate = d.dueDate().orElseThrow();
                dueTime = d.dueTime();
            }
            var work = new Work(
                    entry.schoolId(),
                    old.map(Work::id).orElseGet(Ids::newId),
                    entry.id(),
                    entry.audienceId(),
                    entry.subjectId(),
                    entry.publishAt(),
                    position++,
                    RichText.render(d.instructions()),
                    source(d.instructions()),
                    dueDate,
                    dueTime,
                    d.estimatedMinutes(),
                    d.handinExpected(),
                    d.hardCutoff(),
                    List.of());
            if (work.hardCutoff().isPresent() && work.hardCutoff().get().isBefore(work.deadline())) {
                throw Problem.invalid("work" + i + "Cutoff", "homework.work.cutoffBeforeDue");
            }
            if (old.isPresent()) {
                entries.updateWork(work);
            } else {
                entries.insertWork(work);
                Work w = work;
                events.publishEvent(new WorkAssigned(
                        w.schoolId(), w.audienceId(), w.subjectId(), w.entryId(), w.id(), w.dueDate(), w.publishAt()));
            }
            attachments.store(entry.schoolId(), "WORK", work.id(), d.files(), user.accountId(), "work" + i + "Files");
        }
    }

    record NextLesson(LocalDate date, LocalTime startsAt) {}

    /**
     * The first lesson of the entry's audience and subject strictly after {@code after}, within six weeks (two weeks
     * of holidays and four of school): days off of the school (holidays, public holidays) have no lesson.
     */
    private Optional<NextLesson> nextLesson(Entry entry, LocalDate after) {
        for (LocalDate d = after.plusDays(1); d.isBefore(after.plusDays(43)); d = d.plusDays(1)) {
            var slot = directory.timetableOn(entry.schoolId(), List.of(entry.audienceId()), d).stream()
                    .filter(s -> s.subject().id().equals(entry.subjectId()))
                    .min(Comparator.comparing(TimetableSlot::startsAt));
            if (slot.isPresent()) {
                return Optional.of(new NextLesson(d, slot.get().startsAt()));
            }
        }
        return Optional.empty();
    }

    public static LocalDate today(Clock clock) {
        return LocalDate.now(clock.withZone(SchoolTime.ZONE));
    }
}
