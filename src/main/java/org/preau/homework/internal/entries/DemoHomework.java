package org.preau.homework.internal.entries;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.preau.directory.DemoDistrictLoaded;
import org.preau.directory.Directory;
import org.preau.directory.SchoolCalendar;
import org.preau.directory.TeachingAssignment;
import org.preau.directory.TimetableSlot;
import org.preau.homework.internal.files.Upload;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the demo district something to read on its first morning: a believable day of the demo teacher
 * ({@code enseignant}), posted through the same service as the form. The day is the school's last school day (today
 * on a school day; the Friday before on a weekend; the last day before the holidays during them), and every lesson
 * the teacher gave that day gets its entry: most with work, due at the next lesson or on the next school days (never
 * on a holiday), one with a hand-in and a worksheet attached. Runs once, right after the demo district is loaded into
 * an empty database.
 */
@Component
public class DemoHomework {

    private static final Logger log = LoggerFactory.getLogger(DemoHomework.class);
    /** How far back to look for a school day on which the teacher has lessons. */
    private static final int SEARCH_SCHOOL_DAYS = 10;

    private final Accounts accounts;
    private final EntryService entries;
    private final Directory directory;
    private final SchoolCalendar calendar;
    private final Clock clock;

    DemoHomework(Accounts accounts, EntryService entries, Directory directory, SchoolCalendar calendar, Clock clock) {
        this.accounts = accounts;
        this.entries = entries;
        this.directory = directory;
        this.calendar = calendar;
        this.clock = clock;
    }

    @EventListener
    void on(DemoDistrictLoaded event) {
        var account = accounts.findByLogin("enseignant");
        if (account.isEmpty()) {
            return;
        }
        var a = account.get();
        var teacher = new CurrentUser(a.id(), a.login(), a.displayName(), a.profile());
        List<TeachingAssignment> assignments = entries.writableFor(teacher);
        if (assignments.isEmpty()) {
            return;
        }
        UUID school = assignments.getFirst().schoolId();
        List<UUID> audiences = assignments.stream()
                .filter(t -> t.schoolId().equals(school))
                .map(t -> t.audience().id())
                .distinct()
                .toList();
        LocalDate day = calendar.schoolDayOnOrBefore(school, EntryService.today(clock));
        List<TimetableSlot> lessons = lessonsOf(teacher, school, audiences, day);
        for (int i = 0; i < SEARCH_SCHOOL_DAYS && lessons.isEmpty(); i++) {
            day = calendar.schoolDayOnOrBefore(school, day.minusDays(1));
            lessons = lessonsOf(teacher, school, audiences, day);
        }
        LocalDate next = calendar.nextSchoolDay(school, day);
        LocalDate later = calendar.nextSchoolDay(school, calendar.nextSchoolDay(school, next));
        // One entry per class or group and subject of the day (two lessons of one subject share their entry).
        Set<String> done = new LinkedHashSet<>();
        int posted = 0;
        int withWork = 0;
        for (var lesson : lessons) {
            if (!done.add(lesson.audience().id() + "/" + lesson.subject().id())) {
                continue;
            }
            String subject = lesson.subject().label();
            List<EntryDraft.WorkDraft> works = new ArrayList<>();
            switch (posted % 4) {
                case 0 ->
                    works.add(new EntryDraft.WorkDraft(
                            Optional.empty(),
                            "Faire les exercices 1 à 4 de la fiche jointe et **rendre une photo ou un fichier** de"
                                    + " votre copie.",
                            Optional.empty(),
                            true,
                            Optional.empty(),
                            Optional.of(40),
                            true,
                            Optional.empty(),
                            List.of(worksheet(subject))));
                case 1 -> {
                    works.add(work("Relire la leçon et apprendre les définitions encadrées.", next, 20));
                    works.add(work("Exercices p. 43 :\n\n- n° 3\n- n° 5\n- n° 7", later, 30));
                }
                case 2 ->
                    works.add(new EntryDraft.WorkDraft(
                            Optional.empty(),
                            "Préparer trois questions sur la leçon pour la prochaine séance.",
                            Optional.empty(),
                            true,
                            Optional.empty(),
                            Optional.of(15),
                            false,
                            Optional.empty(),
                            List.of()));
                default -> {} // a lesson without work: the séance only
            }
            var draft = new EntryDraft(
                    lesson.audience().id(),
                    lesson.subject().id(),
                    day,
                    seance(subject, posted),
                    Optional.empty(),
                    works);
            entries.create(teacher, draft);
            posted++;
            if (!works.isEmpty()) {
                withWork++;
            }
        }
        log.info("Demo homework: {} entries ({} with work) posted by enseignant for {}", posted, withWork, day);
    }

    private List<TimetableSlot> lessonsOf(CurrentUser teacher, UUID school, List<UUID> audiences, LocalDate day) {
        return directory.timetableOn(school, audiences, day).stream()
                .filter(s -> s.teacherId().map(teacher.accountId()::equals).orElse(false))
                .sorted(Comparator.comparing(TimetableSlot::startsAt))
                .toList();
    }

    private static String seance(String subject, int n) {
        return switch (n % 3) {
            case 0 ->
                subject + " : correction de l’exercice de la dernière séance, puis nouvelle notion avec **exemples"
                        + " au tableau**.";
            case 1 ->
                subject + " : reprise de la leçon précédente, puis exercices guidés (manuel p. 42).\n\n"
                        + "- trace écrite dans le cahier\n- exercices 1 et 2 faits en classe";
            default -> subject + " : travail en groupes sur le document distribué, mise en commun.";
        };
    }

    private static EntryDraft.WorkDraft work(String instructions, LocalDate due, int minutes) {
        return new EntryDraft.WorkDraft(
                Optional.empty(),
                instructions,
                Optional.of(due),
                false,
                Optional.empty(),
                Optional.of(minutes),
                false,
                Optional.empty(),
                List.of());
    }

    /** A small text worksheet, so the demo has an attachment to open. */
    private static Upload worksheet(String subject) {
        byte[] text = ("Fiche d’exercices — " + subject + "\n\n"
                        + "Exercice 1. Recopier et compléter le résumé de la leçon.\n"
                        + "Exercice 2. Répondre aux questions du document 1 en deux phrases chacune.\n"
                        + "Exercice 3. Expliquer avec vos mots la notion vue en classe.\n"
                        + "Exercice 4. Inventer un exemple et le présenter en cinq lignes.\n")
                .getBytes(StandardCharsets.UTF_8);
        return new Upload("fiche-exercices.txt", text.length, () -> new ByteArrayInputStream(text));
    }
}
