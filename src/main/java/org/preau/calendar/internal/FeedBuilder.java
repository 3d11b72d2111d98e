package org.preau.calendar.internal;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.io.TimezoneAssignment;
import biweekly.property.DateEnd;
import biweekly.property.DateStart;
import biweekly.property.Summary;
import biweekly.util.DateTimeComponents;
import biweekly.util.ICalDate;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.DayOff;
import org.preau.directory.Directory;
import org.preau.directory.PupilPlacement;
import org.preau.directory.SchoolCalendar;
import org.preau.directory.TimetableSlot;
import org.preau.homework.HomeworkCalendar;
import org.preau.platform.SchoolTime;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Writes someone's feed with biweekly: their lessons (the weekly timetable laid out from last week to six weeks
 * ahead, on the school days of each school's calendar only), the work due in that span, and the school's holidays.
 *
 * <p>Dates are written so that every reader sees the right day wherever they are: lessons as local times with
 * {@code TZID=Europe/Paris} and the zone's {@code VTIMEZONE} (built from Java's rules, {@link VTimezones}), work due
 * by the end of a day and holidays as all-day events ({@code VALUE=DATE}), which have no zone at all. An all-day date
 * is handed to biweekly as calendar fields ({@link DateTimeComponents}), never as a {@link Date} at some midnight:
 * biweekly writes a date-only value in the JVM's zone, so a midnight in Paris became the day before on a server in
 * UTC. Event UIDs are stable, so calendar apps update events rather than duplicate them.
 */
@Component
class FeedBuilder {

    static final int WEEKS_BACK = 1;
    static final int WEEKS_AHEAD = 6;

    private final Directory directory;
    private final SchoolCalendar schoolCalendar;
    private final HomeworkCalendar homework;
    private final MessageSource messages;
    private final Clock clock;

    FeedBuilder(
            Directory directory,
            SchoolCalendar schoolCalendar,
            HomeworkCalendar homework,
            MessageSource messages,
            Clock clock) {
        this.directory = directory;
        this.schoolCalendar = schoolCalendar;
        this.homework = homework;
        this.messages = messages;
        this.clock = clock;
    }

    String build(UUID accountId, Locale locale) {
        return build(accountId, locale, LocalDate.now(clock.withZone(SchoolTime.ZONE)));
    }

    /** The feed as it reads on {@code today}. */
    String build(UUID accountId, Locale locale, LocalDate today) {
        LocalDate from = today.minusWeeks(WEEKS_BACK).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate to = today.plusWeeks(WEEKS_AHEAD);
        var ical = new ICalendar();
        ical.setProductId("-//Préau//Cahier de textes//FR");
        ical.setName(messages.getMessage("calendar.feed.name", null, locale));
        // Times are written in school time, with the zone's definition in the feed.
        ical.getTimezoneInfo()
                .setDefaultTimezone(
                        new TimezoneAssignment(TimeZone.getTimeZone(SchoolTime.ZONE), VTimezones.of(SchoolTime.ZONE)));

        var lessons = lessons(accountId);
        for (var lesson : lessons) {
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                if (d.getDayOfWeek() != lesson.weekday() || schoolCalendar.isHoliday(lesson.schoolId(), d)) {
                    continue;
                }
                var event = new VEvent();
                event.setUid(lesson.id() + "-" + d);
                event.setSummary(new Summary(
                        lesson.subject().label() + " — " + lesson.audience().name()));
                event.setDateStart(new DateStart(at(d, lesson.startsAt()), true));
                event.setDateEnd(new DateEnd(at(d, lesson.endsAt()), true));
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
                event.setDateStart(new DateStart(day(due.dueDate())));
                event.setDateEnd(new DateEnd(day(due.dueDate().plusDays(1))));
            } else {
                event.setDateStart(new DateStart(Date.from(due.due()), true));
                event.setDateEnd(new DateEnd(Date.from(due.due()), true));
            }
            event.addCategories("HOMEWORK");
            ical.addEvent(event);
        }
        Set<String> holidays = new LinkedHashSet<>();
        for (UUID school : schoolsOf(accountId, lessons)) {
            for (DayOff off : schoolCalendar.daysOff(school, from, to)) {
                String uid = "holiday-" + off.kind() + "-" + off.code() + "-" + off.first() + "-" + off.last();
                if (!holidays.add(uid)) {
                    continue; // two children in schools of one zone
                }
                var event = new VEvent();
                event.setUid(uid);
                String key = (off.kind() == DayOff.Kind.PUBLIC_HOLIDAY
                                ? "calendar.feed.publicHoliday."
                                : "calendar.feed.holiday.")
                        + off.code();
                event.setSummary(new Summary(messages.getMessage(key, null, off.code(), locale)));
                event.setDateStart(new DateStart(day(off.first())));
                event.setDateEnd(new DateEnd(day(off.last().plusDays(1))));
                event.addCategories("HOLIDAY");
                ical.addEvent(event);
            }
        }
        return Biweekly.write(ical).go();
    }

    /** A date without time, as calendar fields (see the class comment for why not a {@link Date}). */
    private static ICalDate day(LocalDate date) {
        return new ICalDate(new DateTimeComponents(date.getYear(), date.getMonthValue(), date.getDayOfMonth()), false);
    }

    /** A school-time moment; biweekly writes it back in school time under the feed's TZID. */
    private static Date at(LocalDate date, LocalTime time) {
        return Date.from(date.atTime(time).atZone(SchoolTime.ZONE).toInstant());
    }

    /** The schools whose holidays the person lives by: theirs, their children's, those they teach in. */
    private List<UUID> schoolsOf(UUID accountId, List<TimetableSlot> lessons) {
        Set<UUID> schools = new LinkedHashSet<>();
        directory.placementOf(accountId).ifPresent(p -> schools.add(p.school().id()));
        directory.childrenOf(accountId).forEach(p -> schools.add(p.school().id()));
        directory.assignmentsOf(accountId).forEach(a -> schools.add(a.schoolId()));
        lessons.forEach(l -> schools.add(l.schoolId()));
        return List.copyOf(schools);
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
