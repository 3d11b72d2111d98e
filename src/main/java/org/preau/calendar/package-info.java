/**
 * Calendar: a private, revocable iCalendar feed per person (lessons from the directory's timetable and work due
 * from homework), so that pupils, parents and teachers see their week in the calendar app they already use. Owns
 * the feed tokens; reads the directory and homework only through their public APIs.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Calendar")
package org.preau.calendar;
