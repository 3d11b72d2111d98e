/**
 * Directory: schools (the tenants), classes, groups, subjects, enrolments, teaching assignments, parent–child
 * links, the weekly timetable and the school calendar it follows (official holidays per zone, public holidays:
 * {@link org.preau.directory.SchoolCalendar}), communication rules, and the imports that fill them (CSV and the
 * national XML feed). It is also where rights are decided, next to these facts: {@link org.preau.directory.Rights}
 * (staff of, direction of, teaches, may read this pupil, may reset this password, the schools one administers), which
 * every module asks instead of combining memberships itself (ADR 0024). Audited actions: communication-rule changes
 * ({@code directory.communication-rules}) and web imports ({@code directory.import}).
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /admin/imports}, {@code /admin/imports/{id}}, {@code /api/v1/me}
 *   <li>Events published: {@link org.preau.directory.DirectoryChanged}, {@link org.preau.directory.DemoDistrictLoaded},
 *       {@link org.preau.platform.audit.AuditEvent}
 *   <li>Events consumed: {@link org.preau.identity.AccountRenamed}, {@link org.preau.directory.DirectoryChanged} (to
 *       relay it to the other nodes)
 *   <li>Templates: {@code jte/directory/}
 *   <li>Bundle: {@code i18n/directory.properties}, {@code i18n/imports.properties}
 *   <li>Assets: none
 *   <li>Migrations: {@code db/migration/directory}, {@code V3_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Directory")
package org.preau.directory;
