/**
 * Admin: the school and operator console under {@code /admin} — schools, their classes and groups with their members,
 * user search, activation codes to print for a class, password resets, each school's communication rules, and the
 * audit log of staff and operator actions. It owns no directory or identity data: it reads the directory and calls
 * identity's activation codes through their public APIs, after asking the directory's
 * {@link org.preau.directory.Rights} who may act on which school (staff on their schools, the operator on all).
 * Directory imports have their own pages, linked from the admin home. The audit log ({@code audit_log}) is written
 * from every module's {@link org.preau.platform.audit.AuditEvent}, idempotent on the event id. See ADR 0024.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /admin}, {@code /admin/ecoles/**}, {@code /admin/journal}
 *   <li>Events published: none
 *   <li>Events consumed: {@link org.preau.platform.audit.AuditEvent} (the audit log)
 *   <li>Templates: {@code jte/admin/}
 *   <li>Bundle: {@code i18n/admin.properties}
 *   <li>Assets: {@code /assets/admin/}
 *   <li>Migrations: {@code db/migration/admin}, {@code V6_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Admin")
package org.preau.admin;
