package org.preau.homework.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.entries.Entry;
import org.preau.homework.internal.entries.EntryDraft;
import org.preau.homework.internal.entries.EntryRepository;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.handins.Handin;
import org.preau.homework.internal.handins.HandinService;
import org.preau.homework.internal.handins.WorkController;
import org.preau.homework.internal.today.TodayService;
import org.preau.identity.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The cahier de textes for apps and integrations: the same reads and writes as the pages, through the same
 * services, so the same rules (who may read or write, deadlines and cut-offs) hold. Errors are ProblemDetails whose
 * {@code detail} is in the caller's language.
 */
@RestController
@RequestMapping("/api/v1")
public class HomeworkApi {

    private final TodayService today;
    private final EntryService entries;
    private final HandinService handins;
    private final Clock clock;

    HomeworkApi(TodayService today, EntryService entries, HandinService handins, Clock clock) {
        this.today = today;
        this.entries = entries;
        this.handins = handins;
        this.clock = clock;
    }

    /** The pupil's day (a parent's child with {@code child}); {@code date} defaults to today. */
    @GetMapping("/today")
    TodayService.PupilDay today(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam Optional<UUID> child,
            @RequestParam Optional<LocalDate> date) {
        return today.pupilDay(user, child, date.orElse(EntryService.today(clock)));
    }

    /** A teacher's lessons of the day with their entries. */
    @GetMapping("/today/teacher")
    TodayService.TeacherDay teacherDay(
            @AuthenticationPrincipal CurrentUser user, @RequestParam Optional<LocalDate> date) {
        return today.teacherDay(user, date.orElse(EntryService.today(clock)));
    }

    @GetMapping("/entries/{id}")
    Entry entry(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return entries.read(user, id);
    }

    /** A teacher's entries for the week containing {@code week} (defaults to this week). */
    @GetMapping("/entries")
    List<Entry> week(@AuthenticationPrincipal CurrentUser user, @RequestParam Optional<LocalDate> week) {
        LocalDate day = week.orElse(EntryService.today(clock));
        return entries.week(
                user, day.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)));
    }

    @PostMapping("/entries")
    @ResponseStatus(HttpStatus.CREATED)
    Entry create(@AuthenticationPrincipal CurrentUser user, @RequestBody EntryRequest request) {
        return entries.create(user, request.draft());
    }

    /** Saves a new version; {@code version} is the one the client edited (409 if someone saved meanwhile). */
    @PutMapping("/entries/{id}")
    Entry update(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam int version,
            @RequestBody EntryRequest request) {
        return entries.update(user, id, version, request.draft());
    }

    @PostMapping("/entries/{id}/copies")
    List<Entry> copy(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestBody List<UUID> audiences) {
        return entries.copy(user, id, audiences);
    }

    @GetMapping("/entries/{id}/versions")
    List<EntryRepository.Version> versions(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return entries.history(user, id);
    }

    /** A piece of work with the caller's own hand-in (pupils; parents with {@code child}). */
    @GetMapping("/work/{id}")
    HandinService.WorkView work(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestParam Optional<UUID> child) {
        return handins.view(user, id, child);
    }

    @PostMapping("/work/{id}/done")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void done(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "true") boolean done) {
        today.markDone(user, id, done);
    }

    /** Saves a draft or submits ({@code submit=true}); files as multipart parts named {@code files}. */
    @PostMapping(value = "/work/{id}/handin", consumes = "multipart/form-data")
    Handin handIn(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String text,
            @RequestParam(required = false) MultipartFile[] files,
            @RequestParam(defaultValue = "false") boolean submit) {
        return handins.save(user, id, text, WorkController.uploads(files == null ? List.of() : List.of(files)), submit);
    }

    /** The same without files, as JSON. */
    @PutMapping(value = "/work/{id}/handin", consumes = "application/json")
    Handin handInJson(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestBody HandinRequest request) {
        return handins.save(user, id, request.text(), List.of(), Boolean.TRUE.equals(request.submit()));
    }

    @GetMapping("/work/{id}/handins")
    HandinService.Board board(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return handins.board(user, id);
    }

    @PostMapping("/handins/{id}/return")
    Handin giveBack(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestBody ReturnRequest request) {
        return handins.giveBack(user, id, request.comment(), List.of());
    }

    @PostMapping("/handins/{id}/reopen")
    Handin reopen(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return handins.reopen(user, id);
    }

    @PostMapping("/work/{id}/extensions")
    Handin extend(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestBody ExtensionRequest request) {
        return handins.extend(user, id, request.pupil(), request.until());
    }

    /** An entry as clients send it. */
    record EntryRequest(
            UUID audience,
            UUID subject,
            LocalDate lessonDate,
            String seance,
            Instant publishAt,
            List<WorkRequest> works) {
        EntryDraft draft() {
            return new EntryDraft(
                    audience,
                    subject,
                    lessonDate,
                    seance == null ? "" : seance,
                    Optional.ofNullable(publishAt),
                    works == null
                            ? List.of()
                            : works.stream().map(WorkRequest::draft).toList());
        }
    }

    /** A piece of work as clients send it ({@code id} to edit an existing one). */
    record WorkRequest(
            UUID id,
            String instructions,
            LocalDate dueDate,
            Boolean dueAtNextLesson,
            LocalTime dueTime,
            Integer estimatedMinutes,
            Boolean handinExpected,
            Instant hardCutoff) {
        EntryDraft.WorkDraft draft() {
            return new EntryDraft.WorkDraft(
                    Optional.ofNullable(id),
                    instructions == null ? "" : instructions,
                    Optional.ofNullable(dueDate),
                    Boolean.TRUE.equals(dueAtNextLesson),
                    Optional.ofNullable(dueTime),
                    Optional.ofNullable(estimatedMinutes),
                    Boolean.TRUE.equals(handinExpected),
                    Optional.ofNullable(hardCutoff),
                    List.of());
        }
    }

    record HandinRequest(String text, Boolean submit) {}

    record ReturnRequest(String comment) {}

    record ExtensionRequest(UUID pupil, Instant until) {}
}
