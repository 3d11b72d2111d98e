/**
 * Directory: schools (the tenants), classes, groups, subjects, enrolments, teaching assignments, parent–child
 * links, the weekly timetable and the school calendar it follows (official holidays per zone, public holidays:
 * {@link org.preau.directory.SchoolCalendar}), communication rules, and the imports that fill them (CSV and the
 * national XML feed).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Directory")
package org.preau.directory;
