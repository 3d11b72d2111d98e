package org.preau.homework.internal.entries;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.preau.directory.Directory;
import org.preau.directory.TeachingAssignment;
import org.preau.homework.internal.Fmt;
import org.preau.homework.internal.Notices;
import org.preau.homework.internal.People;
import org.preau.homework.internal.files.StagedUploads;
import org.preau.homework.internal.handins.WorkController;
import org.preau.homework.internal.today.TodayService;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The teacher's cahier de textes pages (write an entry, edit it, copy it, their week) and the staff's read of the
 * whole school with every version. The entry form is bound to {@link EntryForm} and its {@link WorkForm}s; the service
 * decides what is allowed.
 */
@Controller
public class EntryController {

    static final int FORM_WORKS = 3;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EntryService service;
    private final TodayService today;
    private final Directory directory;
    private final People people;
    private final StagedUploads staging;
    private final Clock clock;

    EntryController(
            EntryService service,
            TodayService today,
            Directory directory,
            People people,
            StagedUploads staging,
            Clock clock) {
        this.staging = staging;
        this.service = service;
        this.today = today;
        this.directory = directory;
        this.people = people;
        this.clock = clock;
    }

    @GetMapping("/cahier-de-textes")
    String week(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "semaine", required = false) Optional<LocalDate> week,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            Model model) {
        LocalDate monday = monday(week);
        model.addAttribute("notice", Notices.of(done));
        model.addAttribute("monday", monday);
        model.addAttribute("entries", service.week(user, monday));
        model.addAttribute("names", names(service.writableFor(user)));
        return "homework/week";
    }

    @GetMapping("/cahier-de-textes/nouveau")
    String newEntry(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "audience", required = false) Optional<UUID> audience,
            @RequestParam(name = "subject", required = false) Optional<UUID> subject,
            @RequestParam(name = "date", required = false) Optional<LocalDate> date,
            Model model) {
        var values = new HashMap<String, String>();
        if (audience.isPresent() && subject.isPresent()) {
            values.put("cible", audience.get() + "|" + subject.get());
        }
        values.put("date", date.orElse(EntryService.today(clock)).toString());
        return form(user, Optional.empty(), values, FormErrors.none(), model);
    }

    @PostMapping("/cahier-de-textes")
    String create(
            @AuthenticationPrincipal CurrentUser user,
            EntryForm form,
            BindingResult binding,
            MultipartHttpServletRequest request,
            Model model) {
        return save(user, Optional.empty(), form, binding, request, model, draft -> service.create(user, draft));
    }

    @GetMapping("/cahier-de-textes/{entryId}/modifier")
    String edit(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID entryId,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            @RequestParam(name = "copies", defaultValue = "0") int copies,
            Model model) {
        Entry e = service.read(user, entryId);
        model.addAttribute("notice", Notices.of(done, copies));
        var values = new HashMap<String, String>();
        values.put("cible", e.audienceId() + "|" + e.subjectId());
        values.put("date", e.lessonDate().toString());
        values.put("seance", e.seanceSource());
        values.put("version", Integer.toString(e.version()));
        if (e.publishAt().isAfter(clock.instant())) {
            values.put("publication", Fmt.local(e.publishAt()));
        }
        for (int i = 0; i < e.works().size(); i++) {
            Work w = e.works().get(i);
            String p = "work" + i;
            values.put(p + "Id", w.id().toString());
            values.put(p + "Instructions", w.instructionsSource());
            values.put(p + "DueDate", w.dueDate().toString());
            w.dueTime().ifPresent(t -> values.put(p + "DueTime", Fmt.time(t)));
            w.estimatedMinutes().ifPresent(m -> values.put(p + "Minutes", m.toString()));
            if (w.handinExpected()) {
                values.put(p + "Handin", "on");
            }
            w.hardCutoff().ifPresent(c -> values.put(p + "Cutoff", Fmt.local(c)));
        }
        return form(user, Optional.of(e), values, FormErrors.none(), model);
    }

    @PostMapping("/cahier-de-textes/{entryId}")
    String update(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID entryId,
            EntryForm form,
            BindingResult binding,
            MultipartHttpServletRequest request,
            Model model) {
        Entry current = service.read(user, entryId);
        int version = form.version() == null ? 0 : form.version();
        return save(
                user,
                Optional.of(current),
                form,
                binding,
                request,
                model,
                draft -> service.update(user, entryId, version, draft));
    }

    @PostMapping("/cahier-de-textes/{entryId}/copie")
    String copy(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID entryId,
            @RequestParam(name = "vers", required = false) List<UUID> targets) {
        var copies = service.copy(user, entryId, targets == null ? List.of() : targets);
        return "redirect:/cahier-de-textes/" + entryId + "/modifier?fait=copie&copies=" + copies.size();
    }

    @GetMapping("/cahier-de-textes/{entryId}/historique")
    String history(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID entryId, Model model) {
        var versions = service.history(user, entryId);
        Entry entry = service.read(user, entryId);
        var shown = new ArrayList<VersionView>();
        for (var v : versions) {
            JsonNode n = JSON.readTree(v.snapshotJson());
            var works = new ArrayList<VersionView.WorkVersion>();
            for (JsonNode w : n.path("works")) {
                works.add(new VersionView.WorkVersion(
                        LocalDate.parse(w.path("dueDate").asString()),
                        w.path("instructions").asString()));
            }
            shown.add(new VersionView(
                    v.version(),
                    v.editedAt(),
                    people.nameOf(entry.schoolId(), v.editedBy()),
                    LocalDate.parse(n.path("lessonDate").asString()),
                    n.path("seance").asString(),
                    works));
        }
        model.addAttribute("versions", shown);
        model.addAttribute("entryId", entryId);
        return "homework/history";
    }

    @GetMapping("/cahier-de-textes/etablissement")
    String school(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "semaine", required = false) Optional<LocalDate> week,
            @RequestParam(name = "ecole", required = false) Optional<UUID> school,
            Model model) {
        var own = school.or(() -> directory.membershipsOf(user.accountId()).stream()
                .findFirst()
                .map(m -> m.school().id()));
        if (own.isEmpty() && user.is(Profile.ADMIN)) {
            // The operator belongs to no school and reads any: they choose one in the console, whose school pages
            // link here with ?ecole=. Whether they may read it is still the service's question.
            return "redirect:/admin/ecoles";
        }
        UUID schoolId = own.orElseThrow(Problem::forbidden);
        LocalDate monday = monday(week);
        var entries = service.schoolWeek(user, schoolId, monday);
        var names = new HashMap<UUID, String>();
        directory.classes(schoolId).forEach(c -> names.put(c.id(), c.name()));
        directory.groups(schoolId).forEach(g -> names.put(g.id(), g.name()));
        names.putAll(today.labels(schoolId));
        var teachers = new HashMap<UUID, String>();
        entries.forEach(e -> people.nameOf(schoolId, e.authorId()).ifPresent(n -> teachers.put(e.authorId(), n)));
        model.addAttribute("teachers", teachers);
        model.addAttribute("monday", monday);
        model.addAttribute("entries", entries);
        model.addAttribute("names", names);
        model.addAttribute("schoolId", schoolId);
        return "homework/school";
    }

    private String form(
            CurrentUser user, Optional<Entry> entry, Map<String, String> values, FormErrors errors, Model model) {
        var assignments = service.writableFor(user);
        var targets = assignments.stream()
                .map(a -> new Target(
                        a.audience().id() + "|" + a.subject().id(),
                        a.audience().name() + " — " + a.subject().label(),
                        a.audience().id(),
                        a.subject().id()))
                .toList();
        if (targets.isEmpty()) {
            throw Problem.forbidden();
        }
        model.addAttribute("entry", entry);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("targets", targets);
        model.addAttribute(
                "works", FORM_WORKS + (entry.map(e -> e.works().size()).orElse(0)));
        model.addAttribute(
                "copyTargets",
                entry.map(e -> targets.stream()
                                .filter(t -> t.subjectId().equals(e.subjectId())
                                        && !t.audienceId().equals(e.audienceId()))
                                .toList())
                        .orElse(List.of()));
        return "homework/entry_form";
    }

    /**
     * Stores what the form sent with {@code store}. A refusal for its fields shows the form again with everything
     * typed, and the files of each work kept ({@link StagedUploads}); an edit keeps the entry's class and subject.
     */
    private String save(
            CurrentUser user,
            Optional<Entry> current,
            EntryForm form,
            BindingResult binding,
            MultipartHttpServletRequest request,
            Model model,
            Function<EntryDraft, Entry> store) {
        var works = WorkForm.bindAll(request, binding);
        var chosen = current.map(e -> new EntryForm.Chosen(e.audienceId(), e.subjectId()))
                .or(() -> EntryForm.Chosen.of(form.cible()));
        var errors = FormErrors.none();
        if (chosen.isEmpty()) {
            errors.add("cible", "homework.entry.audienceRequired");
        }
        errors.addAll(unreadable(binding));
        var sent = works.stream()
                .map(w -> new WorkController.Sent(
                        staging, user, w.deja(), w.retirer(), WorkController.uploads(w.files())))
                .toList();
        if (!errors.any()) {
            try {
                var drafts = new ArrayList<EntryDraft.WorkDraft>();
                for (int i = 0; i < works.size(); i++) {
                    drafts.add(works.get(i).draft(sent.get(i).uploads()));
                }
                Entry e = store.apply(form.draft(chosen.get(), drafts));
                return "redirect:/cahier-de-textes?semaine=" + e.lessonDate() + "&fait=enregistre#e-" + e.id();
            } catch (Problem invalid) {
                if (!invalid.hasFields()) {
                    throw invalid;
                }
                errors = FormErrors.of(invalid);
            }
        }
        var values = new HashMap<String, String>();
        request.getParameterMap().forEach((k, v) -> values.put(k, v.length == 0 ? "" : v[0]));
        current.ifPresent(e -> values.put("cible", e.audienceId() + "|" + e.subjectId()));
        var kept = new HashMap<String, List<StagedUploads.StagedFile>>();
        for (int i = 0; i < sent.size(); i++) {
            kept.put("work" + i, sent.get(i).keep());
        }
        model.addAttribute("staged", kept);
        return form(user, current, values, errors, model);
    }

    /**
     * The binding errors in the form's own words: a date, a time or a number of minutes that does not convert is
     * told next to its field. The other fields are ids and the version that the page itself wrote: a value of
     * theirs that does not convert was not sent by our form, and is a bad request.
     */
    private static FormErrors unreadable(BindingResult binding) {
        var errors = FormErrors.none();
        for (FieldError e : binding.getFieldErrors()) {
            String field = e.getField();
            switch (field.replaceFirst("^work\\d+", "")) {
                case "date", "publication", "DueDate", "Cutoff" -> errors.add(field, "homework.form.badDate");
                case "DueTime" -> errors.add(field, "homework.form.badTime");
                case "Minutes" -> errors.add(field, "homework.work.minutesRange");
                default -> throw Problem.badRequest("problem.badParameter", field);
            }
        }
        return errors;
    }

    private LocalDate monday(Optional<LocalDate> week) {
        return week.orElse(EntryService.today(clock)).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static Map<UUID, String> names(List<TeachingAssignment> assignments) {
        var out = new HashMap<UUID, String>();
        assignments.forEach(a -> {
            out.put(a.audience().id(), a.audience().name());
            out.put(a.subject().id(), a.subject().label());
        });
        return out;
    }
}
