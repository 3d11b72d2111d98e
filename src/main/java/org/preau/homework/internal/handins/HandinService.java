package org.preau.homework.internal.handins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.preau.directory.Directory;
import org.preau.directory.Person;
import org.preau.directory.PupilPlacement;
import org.preau.documents.FileStore;
import org.preau.homework.HandinReopened;
import org.preau.homework.HandinReturned;
import org.preau.homework.internal.Access;
import org.preau.homework.internal.People;
import org.preau.homework.internal.entries.EntryRepository;
import org.preau.homework.internal.entries.Work;
import org.preau.homework.internal.files.Attachments;
import org.preau.homework.internal.files.FileRef;
import org.preau.homework.internal.files.FileRules;
import org.preau.homework.internal.files.Upload;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hand-ins and their deadlines. Every rule lives here so that pages and API cannot differ: a pupil hands in only
 * for work of their own classes and groups that expects it, before the hard cut-off (or their personal extension),
 * and is flagged late after the due time; once submitted it is locked until the teacher returns or reopens it.
 * Teachers act only on work of audiences and subjects they teach.
 */
@Service
public class HandinService {

    static final int MAX_TEXT = 50_000;

    private final EntryRepository entries;
    private final HandinRepository handins;
    private final Attachments attachments;
    private final FileStore store;
    private final Access access;
    private final Directory directory;
    private final People people;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    HandinService(
            EntryRepository entries,
            HandinRepository handins,
            Attachments attachments,
            FileStore store,
            Access access,
            Directory directory,
            People people,
            Clock clock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.entries = entries;
        this.handins = handins;
        this.attachments = attachments;
        this.store = store;
        this.access = access;
        this.directory = directory;
        this.people = people;
        this.clock = clock;
    }

    /** A work as the signed-in user may see it, with the pupil's own hand-in when they are a pupil or parent. */
    public WorkView view(CurrentUser user, UUID workId, Optional<UUID> childId) {
        Work work = entries.findWork(workId).orElseThrow(Problem::notFound);
        Instant now = clock.instant();
        if (user.is(Profile.PUPIL, Profile.PARENT)) {
            PupilPlacement pupil = access.pupilView(user, childId);
            if (!Access.hasAudience(pupil, work.audienceId()) || !work.publishedAt(now)) {
                throw Problem.notFound();
            }
            var handin = handins.find(work.schoolId(), workId, pupil.pupilId());
            return new WorkView(work, Optional.of(pupil.pupilId()), handin, rules(work, handin, now));
        }
        if (!access.mayRead(user, work.schoolId(), work.audienceId())) {
            throw Problem.notFound();
        }
        return new WorkView(work, Optional.empty(), Optional.empty(), rules(work, Optional.empty(), now));
    }

    /**
     * Saves the pupil's hand-in: a draft, or a submission when {@code submit}. One transaction: new files, text and
     * status are kept together or not at all.
     */
    @Transactional
    public Handin save(CurrentUser user, UUID workId, String text, List<Upload> uploads, boolean submit) {
        if (!user.is(Profile.PUPIL)) {
            throw Problem.forbidden();
        }
        PupilPlacement pupil = access.pupilView(user, Optional.empty());
        Work work = entries.findWork(workId).orElseThrow(Problem::notFound);
        Instant now = clock.instant();
        if (!Access.hasAudience(pupil, work.audienceId()) || !work.publishedAt(now)) {
            throw Problem.notFound();
        }
        if (!work.handinExpected()) {
            throw Problem.badRequest("homework.handin.notExpected");
        }
        Handin current = handins.lockOrCreate(work.schoolId(), workId, user.accountId(), now);
        if (!current.status().editable()) {
            if (submit && isResubmission(current, text, uploads)) {
                // The same hand-in sent again (the pupil pressed "Rendre" twice, or resent it after a slow
                // answer that had in fact been kept): acknowledged again, nothing changes.
                return current;
            }
            throw Problem.conflict("homework.handin.locked");
        }
        Rules rules = rules(work, Optional.of(current), now);
        if (rules.closed()) {
            throw Problem.conflict("homework.handin.closed");
        }
        String body = text == null ? "" : text.strip();
        if (body.length() > MAX_TEXT) {
            throw Problem.invalid("text", "homework.handin.tooLong");
        }
        var added = attachments.store(work.schoolId(), "HANDIN", current.id(), uploads, user.accountId(), "files");
        if (submit) {
            if (body.isEmpty() && added.isEmpty() && current.files().isEmpty()) {
                throw Problem.invalid("text", "homework.handin.empty");
            }
            handins.save(work.schoolId(), current.id(), "SUBMITTED", body, now, rules.late(), now);
        } else {
            handins.save(work.schoolId(), current.id(), "DRAFT", body, null, false, now);
        }
        return handins.find(work.schoolId(), workId, user.accountId()).orElseThrow();
    }

    private boolean isResubmission(Handin current, String text, List<Upload> uploads) {
        String body = text == null ? "" : text.strip();
        return current.status() == Handin.Status.SUBMITTED
                && body.equals(current.bodyText() == null ? "" : current.bodyText())
                && attachments.sameFiles(current.files(), uploads);
    }

    /**
     * Takes a file out of the pupil's own hand-in while they may still change it (a draft, or reopened): the
     * limits hold per hand-in, so a wrong file must be removable.
     */
    @Transactional
    public void removeFile(CurrentUser user, UUID workId, UUID fileId) {
        if (!user.is(Profile.PUPIL)) {
            throw Problem.forbidden();
        }
        PupilPlacement pupil = access.pupilView(user, Optional.empty());
        Work work = entries.findWork(workId).orElseThrow(Problem::notFound);
        Instant now = clock.instant();
        if (!Access.hasAudience(pupil, work.audienceId()) || !work.publishedAt(now)) {
            throw Problem.notFound();
        }
        handins.find(work.schoolId(), workId, user.accountId()).orElseThrow(Problem::notFound);
        Handin current = handins.lockOrCreate(work.schoolId(), workId, user.accountId(), now);
        if (!current.status().editable()) {
            throw Problem.conflict("homework.handin.locked");
        }
        if (rules(work, Optional.of(current), now).closed()) {
            throw Problem.conflict("homework.handin.closed");
        }
        String key = entries.deleteFile(work.schoolId(), fileId, "HANDIN", current.id())
                .orElseThrow(Problem::notFound);
        store.delete(key);
    }

    /** A pupil's hand-in for a work (tests and the API). */
    public Handin find(Work work, CurrentUser pupil) {
        return handins.find(work.schoolId(), work.id(), pupil.accountId()).orElseThrow(Problem::notFound);
    }

    /** The teacher's board for one work: every pupil of the audience with the state of their hand-in. */
    public Board board(CurrentUser user, UUID workId) {
        Work work = teacherWork(user, workId);
        Instant now = clock.instant();
        Map<UUID, Handin> byPupil = handins.ofWork(work.schoolId(), workId).stream()
                .collect(Collectors.toMap(Handin::pupilId, Function.identity()));
        var rows = new ArrayList<BoardRow>();
        for (Person p : directory.pupilsOf(work.schoolId(), work.audienceId())) {
            var h = Optional.ofNullable(byPupil.get(p.accountId()));
            rows.add(new BoardRow(p, h, state(work, h, now)));
        }
        return new Board(work, rows);
    }

    /** One pupil's hand-in, for the teacher. */
    Handin handinForTeacher(CurrentUser user, UUID handinId) {
        Handin h = handins.findById(handinId).orElseThrow(Problem::notFound);
        teacherWork(user, h.workId());
        return h;
    }

    /** One pupil's hand-in as the teacher's page shows it: with its work and the pupil's name. */
    HandinPage handinPage(CurrentUser user, UUID handinId) {
        Handin h = handins.findById(handinId).orElseThrow(Problem::notFound);
        Work work = teacherWork(user, h.workId());
        return new HandinPage(h, work, people.nameOf(h.schoolId(), h.pupilId()));
    }

    /** Returns a submission with a comment and optional files: the pupil sees them on the work's page. */
    @Transactional
    public Handin giveBack(CurrentUser user, UUID handinId, String comment, List<Upload> uploads) {
        Handin h = handinForTeacher(user, handinId);
        if (h.status() != Handin.Status.SUBMITTED && h.status() != Handin.Status.RETURNED) {
            throw Problem.conflict("homework.handin.notSubmitted");
        }
        String feedback = comment == null ? "" : comment.strip();
        if (feedback.length() > MAX_TEXT) {
            throw Problem.invalid("comment", "homework.handin.tooLong");
        }
        // The row lock serialises two returns of one hand-in, so its file limit holds across them.
        handins.lockOrCreate(h.schoolId(), h.workId(), h.pupilId(), clock.instant());
        attachments.store(h.schoolId(), "RETURN", h.id(), uploads, user.accountId(), "files");
        Instant at = clock.instant();
        handins.returnWith(h.schoolId(), h.id(), feedback, user.accountId(), at);
        events.publishEvent(new HandinReturned(h.schoolId(), subjectOf(h), h.workId(), h.id(), h.pupilId(), at));
        return handins.findById(handinId).orElseThrow();
    }

    /** Lets the pupil change and submit again. */
    @Transactional
    public Handin reopen(CurrentUser user, UUID handinId) {
        Handin h = handinForTeacher(user, handinId);
        if (h.status() != Handin.Status.SUBMITTED && h.status() != Handin.Status.RETURNED) {
            throw Problem.conflict("homework.handin.notSubmitted");
        }
        Instant at = clock.instant();
        handins.reopen(h.schoolId(), h.id(), at);
        events.publishEvent(new HandinReopened(h.schoolId(), subjectOf(h), h.workId(), h.id(), h.pupilId(), at));
        return handins.findById(handinId).orElseThrow();
    }

    /** The subject of a hand-in's work, for the events that tell the pupil (a rare action: one more read). */
    private UUID subjectOf(Handin h) {
        return entries.findWork(h.workId()).orElseThrow().subjectId();
    }

    /** Gives one pupil until {@code until}: both the due time and the hard cut-off move for them only. */
    @Transactional
    public Handin extend(CurrentUser user, UUID workId, UUID pupilId, Instant until) {
        Work work = teacherWork(user, workId);
        boolean inAudience = directory.pupilsOf(work.schoolId(), work.audienceId()).stream()
                .anyMatch(p -> p.accountId().equals(pupilId));
        if (!inAudience) {
            throw Problem.notFound();
        }
        if (until == null || !until.isAfter(clock.instant())) {
            throw Problem.invalid("until", "homework.handin.extensionInPast");
        }
        Handin h = handins.lockOrCreate(work.schoolId(), workId, pupilId, clock.instant());
        handins.extend(work.schoolId(), h.id(), until, clock.instant());
        return handins.findById(h.id()).orElseThrow();
    }

    /** Streams every submitted hand-in of a work as one zip: a folder per pupil with their files and text. */
    void zip(CurrentUser user, UUID workId, OutputStream out) throws IOException {
        Board board = board(user, workId);
        Set<String> used = new HashSet<>();
        try (var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (BoardRow row : board.rows()) {
                if (row.handin().isEmpty() || row.handin().get().submittedAt().isEmpty()) {
                    continue;
                }
                Handin h = row.handin().get();
                String folder = unique(used, FileRules.cleanName(row.pupil().displayName())) + "/";
                if (!h.bodyText().isBlank()) {
                    zip.putNextEntry(new ZipEntry(folder + "texte.txt"));
                    zip.write(h.bodyText().getBytes(StandardCharsets.UTF_8));
                    zip.closeEntry();
                }
                Set<String> names = new HashSet<>();
                for (FileRef f : h.files()) {
                    var row2 = entries.findFile(f.id()).orElseThrow();
                    zip.putNextEntry(new ZipEntry(folder + unique(names, f.filename())));
                    try (InputStream in = store.open(row2.storageKey())) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            }
        }
    }

    /** A file, if the user may read it: work attachments like their work; hand-in files like their hand-in. */
    EntryRepository.StoredFileRow file(CurrentUser user, UUID fileId) {
        var f = entries.findFile(fileId).orElseThrow(Problem::notFound);
        switch (f.ownerKind()) {
            case "WORK" -> view(user, f.ownerId(), Optional.empty());
            case "HANDIN", "RETURN" -> {
                Handin h = handins.findById(f.ownerId()).orElseThrow(Problem::notFound);
                boolean own = h.pupilId().equals(user.accountId());
                boolean parent = user.is(Profile.PARENT) && directory.isParentOf(user.accountId(), h.pupilId());
                if (!own && !parent) {
                    handinForTeacher(user, h.id());
                }
            }
            default -> throw Problem.notFound();
        }
        return f;
    }

    InputStream open(EntryRepository.StoredFileRow f) throws IOException {
        return store.open(f.storageKey());
    }

    private Work teacherWork(CurrentUser user, UUID workId) {
        Work work = entries.findWork(workId).orElseThrow(Problem::notFound);
        access.requireTeaches(user, work.audienceId(), work.subjectId());
        return work;
    }

    /** Deadlines for one pupil: their extension, when granted, replaces both the due time and the cut-off. */
    static Rules rules(Work work, Optional<Handin> handin, Instant now) {
        Optional<Instant> extension = handin.flatMap(Handin::extendedUntil);
        Instant due = extension.orElse(work.deadline());
        Optional<Instant> cutoff = extension.isPresent() ? extension : work.hardCutoff();
        boolean closed = cutoff.map(now::isAfter).orElse(false);
        return new Rules(due, cutoff, now.isAfter(due), closed);
    }

    static State state(Work work, Optional<Handin> h, Instant now) {
        var status = h.map(Handin::status).orElse(Handin.Status.NONE);
        return switch (status) {
            case SUBMITTED -> h.get().late() ? State.LATE : State.SUBMITTED;
            case RETURNED -> State.RETURNED;
            case REOPENED -> State.REOPENED;
            case DRAFT, NONE ->
                rules(work, h, now).late()
                        ? State.MISSING
                        : (status == Handin.Status.DRAFT ? State.DRAFT : State.NOT_YET);
        };
    }

    private static String unique(Set<String> used, String name) {
        String candidate = name;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = i + "-" + name;
        }
        return candidate;
    }

    /** When the work is due for this pupil, until when they may still hand in, and where they stand now. */
    public record Rules(Instant due, Optional<Instant> cutoff, boolean late, boolean closed) {}

    /** What a hand-in looks like on the teacher's board. */
    public enum State {
        NOT_YET,
        DRAFT,
        SUBMITTED,
        LATE,
        MISSING,
        RETURNED,
        REOPENED
    }

    public record WorkView(Work work, Optional<UUID> pupilId, Optional<Handin> handin, Rules rules) {
        public boolean mayHandIn() {
            return work.handinExpected()
                    && !rules.closed()
                    && handin.map(h -> h.status().editable()).orElse(true);
        }
    }

    public record BoardRow(Person pupil, Optional<Handin> handin, State state) {}

    public record Board(Work work, List<BoardRow> rows) {

        /** The row of one pupil, if they are of the work's class or group. */
        public Optional<BoardRow> rowOf(UUID pupilId) {
            return rows.stream()
                    .filter(r -> r.pupil().accountId().equals(pupilId))
                    .findFirst();
        }
    }

    /** One hand-in for the teacher: the pupil's name is empty if they left the school. */
    public record HandinPage(Handin handin, Work work, Optional<String> pupil) {}
}
