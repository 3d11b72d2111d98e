package org.preau.homework.internal.entries;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
import org.preau.platform.SchoolTime;
import org.preau.platform.web.Problem;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The teacher's cahier de textes pages (write an entry, edit it, copy it, their week) and the staff's read of the
 * whole school with every version. Forms post plain fields; the service decides what is allowed.
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
            @RequestParam MultiValueMap<String, String> params,
            MultipartHttpServletRequest request,
            Model model) {
        var values = flat(params);
        var sent = sent(user, params, request);
        try {
            Entry e = service.create(user, draft(values, request, sent));
            return "redirect:/cahier-de-textes?semaine=" + e.lessonDate() + "&fait=enregistre#e-" + e.id();
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            model.addAttribute("staged", kept(sent));
            return form(user, Optional.empty(), values, FormErrors.of(invalid), model);
        }
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
            @RequestParam MultiValueMap<String, String> params,
            MultipartHttpServletRequest request,
            Model model) {
        var values = flat(params);
        Entry current = service.read(user, entryId);
        values.put("cible", current.audienceId() + "|" + current.subjectId());
        var sent = sent(user, params, request);
        try {
            int version = Integer.parseInt(values.getOrDefault("version", "0"));
            Entry e = service.update(user, entryId, version, draft(values, request, sent));
            return "redirect:/cahier-de-textes?semaine=" + e.lessonDate() + "&fait=enregistre#e-" + e.id();
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            model.addAttribute("staged", kept(sent));
            return form(user, Optional.of(current), values, FormErrors.of(invalid), model);
        }
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

    /** Each work's files as sent ("work0" → its kept and new files), see {@link WorkController.Sent}. */
    private Map<String, WorkController.Sent> sent(
            CurrentUser user, MultiValueMap<String, String> params, MultipartHttpServletRequest request) {
        var out = new LinkedHashMap<String, WorkController.Sent>();
        for (int i = 0; i < 50; i++) {
            String p = "work" + i;
            var files = WorkController.uploads(request.getFiles(p + "Files").toArray(new MultipartFile[0]));
            var kept = ids(params.get(p + "Deja"));
            if (files.isEmpty() && kept.isEmpty() && !params.containsKey(p + "Instructions")) {
                continue;
            }
            out.put(p, new WorkController.Sent(staging, user, kept, ids(params.get(p + "Retirer")), files));
        }
        return out;
    }

    /** After a refusal: what each work's file field shows as already attached. */
    private static Map<String, List<StagedUploads.StagedFile>> kept(Map<String, WorkController.Sent> sent) {
        var out = new HashMap<String, List<StagedUploads.StagedFile>>();
        sent.forEach((p, s) -> out.put(p, s.keep()));
        return out;
    }

    private static List<UUID> ids(List<String> values) {
        if (values == null) {
            return List.of();
        }
        var out = new ArrayList<UUID>();
        for (String v : values) {
            try {
                out.add(UUID.fromString(v.strip()));
            } catch (IllegalArgumentException ignored) {
                // Not one of ours: nothing to keep.
            }
        }
        return out;
    }

    private EntryDraft draft(
            Map<String, String> v, MultipartHttpServletRequest request, Map<String, WorkController.Sent> sent) {
        Map<String, String> errors = new LinkedHashMap<>();
        UUID audience = null;
        UUID subject = null;
        String target = v.getOrDefault("cible", "");
        if (target.contains("|")) {
            try {
                audience = UUID.fromString(target.substring(0, target.indexOf('|')));
                subject = UUID.fromString(target.substring(target.indexOf('|') + 1));
            } catch (IllegalArgumentException e) {
                errors.put("cible", "homework.entry.audienceRequired");
            }
        } else {
            errors.put("cible", "homework.entry.audienceRequired");
        }
        LocalDate date = parseDate(v.get("date"), "date", errors).orElse(null);
        Optional<Instant> publishAt = parseDateTime(v.get("publication"), "publication", errors);
        var works = new ArrayList<EntryDraft.WorkDraft>();
        for (int i = 0;
                i < 50 && (v.containsKey("work" + i + "Instructions") || v.containsKey("work" + i + "Id"));
                i++) {
            String p = "work" + i;
            Optional<Integer> minutes = Optional.empty();
            String m = v.getOrDefault(p + "Minutes", "").strip();
            if (!m.isEmpty()) {
                try {
                    minutes = Optional.of(Integer.parseInt(m));
                } catch (NumberFormatException e) {
                    errors.put(p + "Minutes", "homework.work.minutesRange");
                }
            }
            Optional<java.time.LocalTime> dueTime = Optional.empty();
            String t = v.getOrDefault(p + "DueTime", "").strip();
            if (!t.isEmpty()) {
                try {
                    dueTime = Optional.of(java.time.LocalTime.parse(t));
                } catch (java.time.format.DateTimeParseException e) {
                    errors.put(p + "DueTime", "homework.form.badTime");
                }
            }
            works.add(new EntryDraft.WorkDraft(
                    Optional.ofNullable(v.get(p + "Id"))
                            .filter(s -> !s.isBlank())
                            .map(UUID::fromString),
                    v.getOrDefault(p + "Instructions", ""),
                    parseDate(v.get(p + "DueDate"), p + "DueDate", errors),
                    v.containsKey(p + "NextLesson"),
                    dueTime,
                    minutes,
                    v.containsKey(p + "Handin"),
                    parseDateTime(v.get(p + "Cutoff"), p + "Cutoff", errors),
                    sent.containsKey(p) ? sent.get(p).uploads() : List.of()));
        }
        if (!errors.isEmpty()) {
            throw Problem.invalidKeys(errors);
        }
        return new EntryDraft(audience, subject, date, v.getOrDefault("seance", ""), publishAt, works);
    }

    private static Optional<LocalDate> parseDate(String s, String field, Map<String, String> errors) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(s.strip()));
        } catch (java.time.format.DateTimeParseException e) {
            errors.put(field, "homework.form.badDate");
            return Optional.empty();
        }
    }

    private static Optional<Instant> parseDateTime(String s, String field, Map<String, String> errors) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    LocalDateTime.parse(s.strip()).atZone(SchoolTime.ZONE).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            errors.put(field, "homework.form.badDate");
            return Optional.empty();
        }
    }

    private static Map<String, String> flat(MultiValueMap<String, String> params) {
        var out = new HashMap<String, String>();
        params.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.getFirst()));
        return out;
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
