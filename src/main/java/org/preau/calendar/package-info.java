/**
 * Calendar: a private, revocable iCalendar feed per person (lessons from the directory's timetable and work due
 * from homework), so that pupils, parents and teachers see their week in the calendar app they already use. Owns
 * the feed tokens; reads the directory and homework only through their public APIs.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /calendrier}, {@code /calendrier/**}
 *   <li>Events published: none
 *   <li>Events consumed: none
 *   <li>Templates: {@code jte/calendar/}
 *   <li>Bundle: {@code i18n/calendar.properties}
 *   <li>Assets: none
 *   <li>Migrations: {@code db/migration/calendar}, {@code V7_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Calendar")
package org.preau.calendar;
