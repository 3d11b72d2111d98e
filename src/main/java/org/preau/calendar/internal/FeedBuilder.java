package org.preau.calendar.internal;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.property.Summary;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.Directory;
import org.preau.directory.PupilPlacement;
import org.preau.directory.TimetableSlot;
import org.preau.homework.HomeworkCalendar;
import org.preau.platform.SchoolTime;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Writes someone's feed with biweekly: their lessons (the weekly timetable laid out from last week to six weeks
 * ahead, as plain events in UTC so no client mis-reads a daylight-saving change) and the work due in that span.
 * Event UIDs are stable, so calendar apps update events rather than duplicate them.
 */
@Component
class FeedBuilder {

    static final int WEEKS_BACK = 1;
    static final int WEEKS_AHEAD = 6;

    private final Directory directory;
    private final HomeworkCalendar homework;
    private final MessageSource messages;
    private final Clock clock;

    FeedBuilder(Directory directory, HomeworkCalendar homework, MessageSource messages, Clock clock) {
        this.directory = directory;
        this.homework = homework;
        this.messages = messages;
        this.clock = clock;
    }

    String build(UUID accountId, java.util.Locale locale) {
        LocalDate today = LocalDate.now(clock.withZone(SchoolTime.ZONE));
        LocalDate from =
                today.minusWeeks(WEEKS_BACK).with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        LocalDate to = today.plusWeeks(WEEKS_AHEAD);
        var ical = new ICalendar();
        ical.setProductId("-//Préau//Cahier de textes//FR");
        ical.setName(messages.getMessage("calendar.feed.name", null, locale));
        for (var lesson : lessons(accountId)) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                if (d.getDayOfWeek() != lesson.weekday()) {
                    continue;
                }
                var event = new VEvent();
                event.setUid(lesson.id() + "-" + d);
                event.setSummary(new Summary(
                        lesson.subject().label() + " — " + lesson.audience().name()));
                event.setDateStart(
                        Date.from(d.atTime(lesson.startsAt())
                                .atZone(SchoolTime.ZONE)
                                .toInstant()),
                        true);
                event.setDateEnd(
                        Date.from(d.atTime(lesson.endsAt())
                                .atZone(SchoolTime.ZONE)
                                .toInstant()),
                        true);
                lesson.room().ifPresent(event::setLocation);
                event.addCategories("LESSON");
                ical.addEvent(event);
            }
        }
        for (var due : homework.dueFor(accountId, today.minusWeeks(WEEKS_BACK), to)) {
            var event = new VEvent();
            event.setUid("work-" + due.workId());
            event.setSummary(new Summary(
                    messages.getMessage("calendar.feed.due", new Object[] {due.subject(), due.audience()}, locale)));
            event.setDescription(due.instructions());
            if (due.allDay()) {
                event.setDateStart(
                        Date.from(due.dueDate().atStartOfDay(SchoolTime.ZONE).toInstant()), false);
            } else {
                event.setDateStart(Date.from(due.due()), true);
                event.setDateEnd(Date.from(due.due()), true);
            }
            event.addCategories("HOMEWORK");
            ical.addEvent(event);
        }
        return Biweekly.write(ical).go();
    }

    /** The weekly lessons a person attends or teaches. */
    private List<TimetableSlot> lessons(UUID accountId) {
        Map<UUID, List<UUID>> audiencesBySchool = new LinkedHashMap<>();
        List<PupilPlacement> pupils = new ArrayList<>();
        directory.placementOf(accountId).ifPresent(pupils::add);
        pupils.addAll(directory.childrenOf(accountId));
        for (var p : pupils) {
            for (Audience a : p.audiences()) {
                audiencesBySchool
                        .computeIfAbsent(a.schoolId(), s -> new ArrayList<>())
                        .add(a.id());
            }
        }
        var out = new ArrayList<TimetableSlot>();
        audiencesBySchool.forEach((school, ids) -> out.addAll(directory.weeklyTimetable(school, ids)));
        Map<UUID, List<UUID>> taught = new LinkedHashMap<>();
        directory
                .assignmentsOf(accountId)
                .forEach(a -> taught.computeIfAbsent(a.schoolId(), s -> new ArrayList<>())
                        .add(a.audience().id()));
        taught.forEach((school, ids) -> directory.weeklyTimetable(school, ids).stream()
                .filter(s -> s.teacherId().map(accountId::equals).orElse(false))
                .filter(s -> out.stream().noneMatch(o -> o.id().equals(s.id())))
                .forEach(out::add));
        return out;
    }
}
