/**
 * Directory: schools (the tenants), classes, groups, subjects, enrolments, teaching assignments, parent–child
 * links, the weekly timetable and the school calendar it follows (official holidays per zone, public holidays:
 * {@link org.preau.directory.SchoolCalendar}), communication rules, and the imports that fill them (CSV and the
 * national XML feed). It is also where rights are decided, next to these facts: {@link org.preau.directory.Rights}
 * (staff of, direction of, teaches, may read this pupil, may reset this password, the schools one administers), which
 * every module asks instead of combining memberships itself (ADR 0024). Audited actions: communication-rule changes
 * ({@code directory.communication-rules}) and web imports ({@code directory.import}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "Directory")
package org.preau.directory;
