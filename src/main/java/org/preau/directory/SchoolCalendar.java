package org.preau.directory;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The school calendar of one school: which days have classes. It joins the official school holidays of the school's
 * zone (shipped as data, see {@code docs/SCHOOL-CALENDAR.md}), the public holidays (computed) and the bounds of the
 * school year, so that the timetable, "Aujourd'hui", the iCalendar feed and due dates never put a lesson on
 * 25 December or in the middle of the winter holidays.
 *
 * <p>A school without a known zone (Corse, overseas, a UAI the directory cannot place) and dates outside the years
 * the data covers have only weekends and public holidays off, plus July and August after the last known year (the
 * rentrée is never before 1 September). Implementations answer from memory once warm: it is read on every page.
 */
public interface SchoolCalendar {

    /** The school's zone: set by an import (CSV {@code zone}, the feed's académie), else derived from its UAI. */
    Optional<HolidayZone> zone(UUID schoolId);

    /** Whether {@code date} is a school holiday or a public holiday of the school (ordinary weekends are not). */
    boolean isHoliday(UUID schoolId, LocalDate date);

    /** Whether {@code date} is a weekday with classes: Monday to Friday, and not a holiday. */
    boolean isSchoolDay(UUID schoolId, LocalDate date);

    /** The first school day strictly after {@code date}. */
    LocalDate nextSchoolDay(UUID schoolId, LocalDate date);

    /** {@code date} if it is a school day, else the last school day before it. */
    LocalDate schoolDayOnOrBefore(UUID schoolId, LocalDate date);

    /** Holidays and public holidays that overlap [from, to], by first day. */
    List<DayOff> daysOff(UUID schoolId, LocalDate from, LocalDate to);

    /** The school year that {@code date} falls in (rentrée to last day of classes), if the data covers it. */
    Optional<SchoolYear> schoolYear(UUID schoolId, LocalDate date);
}
