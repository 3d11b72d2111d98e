package org.preau.homework.internal.entries;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.Directory;
import org.preau.directory.PupilPlacement;
import org.preau.directory.Role;
import org.preau.homework.HomeworkCalendar;
import org.preau.homework.internal.Access;
import org.preau.homework.internal.today.TodayService;
import org.preau.platform.text.RichText;
import org.springframework.stereotype.Component;

/** {@link HomeworkCalendar} from the directory's facts: the same audiences a person's pages show. */
@Component
public class CalendarView implements HomeworkCalendar {

    private final Directory directory;
    private final EntryRepository entries;
    private final TodayService today;
    private final Clock clock;

    CalendarView(Directory directory, EntryRepository entries, TodayService today, Clock clock) {
        this.directory = directory;
        this.entries = entries;
        this.today = today;
        this.clock = clock;
    }

    @Override
    public List<DueWork> dueFor(UUID accountId, LocalDate from, LocalDate to) {
        // audience id -> (school id, name); teachers see only the subjects they teach there.
        Map<UUID, Audience> audiences = new LinkedHashMap<>();
        Map<UUID, java.util.Set<UUID>> onlySubjects = new LinkedHashMap<>();
        List<PupilPlacement> pupils = new ArrayList<>();
        directory.placementOf(accountId).ifPresent(pupils::add);
        pupils.addAll(directory.childrenOf(accountId));
        pupils.forEach(p -> p.audiences().forEach(a -> audiences.put(a.id(), a)));
        boolean teacher = directory.membershipsOf(accountId).stream().anyMatch(m -> m.role() == Role.TEACHER);
        if (teacher) {
            directory.assignmentsOf(accountId).forEach(a -> {
                audiences.putIfAbsent(a.audience().id(), a.audience());
                onlySubjects
                        .computeIfAbsent(a.audience().id(), k -> new java.util.HashSet<>())
                        .add(a.subject().id());
            });
        }
        Instant now = clock.instant();
        var out = new ArrayList<DueWork>();
        for (Audience a : audiences.values()) {
            boolean pupilSide = pupils.stream().anyMatch(p -> Access.hasAudience(p, a.id()));
            Map<UUID, String> labels = today.labels(a.schoolId());
            for (Work w : entries.worksFor(a.schoolId(), a.id(), from, to, List.of())) {
                if (!pupilSide
                        && !onlySubjects
                                .getOrDefault(a.id(), java.util.Set.of())
                                .contains(w.subjectId())) {
                    continue;
                }
                if (!w.publishedAt(now) && pupilSide) {
                    continue;
                }
                out.add(new DueWork(
                        w.id(),
                        labels.getOrDefault(w.subjectId(), ""),
                        a.name(),
                        RichText.plain(w.instructionsHtml()),
                        w.dueDate(),
                        w.deadline(),
                        w.dueTime().isEmpty()));
            }
        }
        out.sort(Comparator.comparing(DueWork::due));
        return out;
    }
}
